using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Phone;

/// <summary>A line in the system's Recents list, written when a call of a provider with <c>IncludesCallsInRecents</c> ends.</summary>
public sealed record RecentsEntry(Guid CallUuid, RecentsKind Kind, CallHandle? Handle, string? CallerName, DateTimeOffset At)
{
    /// <summary>
    /// How long the call was connected, from the moment it connected (an answer fulfilled; for an outgoing call the date of
    /// the app's <c>reportOutgoingCall(with:connectedAt:)</c>) to its end; null when it never connected.
    /// </summary>
    public TimeSpan? Duration { get; init; }

    public override string ToString() =>
        $"{Kind} {CallerName ?? "(no name)"} <{Handle?.Value ?? ""}> at {At:HH:mm:ss.fff}{(Duration is { } d ? $", connected {d.TotalSeconds:0.###} s" : "")}";
}
