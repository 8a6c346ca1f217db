using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Phone;

/// <summary>A line in the system's Recents list, written when a call of a provider with <c>IncludesCallsInRecents</c> ends.</summary>
public sealed record RecentsEntry(Guid CallUuid, RecentsKind Kind, CallHandle? Handle, string? CallerName, DateTimeOffset At)
{
    public override string ToString() => $"{Kind} {CallerName ?? "(no name)"} <{Handle?.Value ?? ""}> at {At:HH:mm:ss.fff}";
}
