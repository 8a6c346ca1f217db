using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Phone;

/// <summary>The system's Recents list. Not thread-safe: the daemon holds its lock.</summary>
internal sealed class RecentsList
{
    private readonly List<RecentsEntry> _entries = [];

    /// <summary>
    /// Writes the line for <paramref name="call"/>, which just ended; null when its provider keeps its calls out of Recents
    /// (<c>includesCallsInRecents</c>).
    /// </summary>
    public RecentsEntry? Write(PhoneCall call, CallEndedReason? reason, DateTimeOffset at)
    {
        if (!call.Provider.Configuration.IncludesCallsInRecents)
        {
            return null;
        }

        // ASSUMPTION: a call handled on another device is not a missed one (no Apple text either way).
        var kind = !call.Incoming ? RecentsKind.Outgoing
            : call.WasConnected || reason is CallEndedReason.AnsweredElsewhere or CallEndedReason.DeclinedElsewhere ? RecentsKind.Incoming
            : RecentsKind.Missed;
        // The duration counts from the connected moment only: an outgoing call that rang out was never connected.
        var entry = new RecentsEntry(call.Uuid, kind, call.Handle, call.CallerName, at)
        {
            Duration = call.WasConnected && call.ConnectedAt is { } connectedAt ? (at > connectedAt ? at - connectedAt : TimeSpan.Zero) : null,
        };
        _entries.Add(entry);
        return entry;
    }

    public IReadOnlyList<RecentsEntry> Snapshot() => [.. _entries];
}
