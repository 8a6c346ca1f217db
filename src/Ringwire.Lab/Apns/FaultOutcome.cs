namespace Ringwire.Lab.Apns;

/// <summary>What the fault stage decided for a valid request.</summary>
internal readonly record struct FaultOutcome(ApnsAnswer? Answer, bool Reset, bool GoAway, TimeSpan Latency);
