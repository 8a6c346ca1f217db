namespace Ringwire.Server.Calls;

/// <summary>
/// How many wake-up pushes a call needed, and how many may have reached their device: accepted by the push service,
/// or sent without an answer (it may have arrived, so the device gets its claim timeout to show up).
/// </summary>
public readonly record struct RingOutcome(int Attempted, int MayHaveArrived);
