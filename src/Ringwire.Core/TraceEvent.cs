namespace Ringwire.Core;

/// <summary>One line of a call's trace; <see cref="Detail"/> is a JSON object as text.</summary>
public sealed record TraceEvent(DateTimeOffset At, string Type, string? DeviceId = null, string Detail = "{}");
