namespace Ringwire.Core;

/// <summary>One callee device's part in a call: its wake-up push and what the device told the server.</summary>
public sealed record Leg(
    string DeviceId,
    Platform Platform,
    PushStatus Push,
    string? PushError = null,
    DateTimeOffset? ClaimedAt = null,
    DateTimeOffset? ReportedAt = null);
