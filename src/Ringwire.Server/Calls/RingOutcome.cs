namespace Ringwire.Server.Calls;

/// <summary>How many wake-up pushes a call needed, and how many a push service accepted.</summary>
public readonly record struct RingOutcome(int Attempted, int Delivered);
