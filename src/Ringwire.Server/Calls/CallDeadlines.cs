using System.Collections.Concurrent;

namespace Ringwire.Server.Calls;

/// <summary>
/// One run-once timer per ringing call on this node, on the injected <see cref="TimeProvider"/>. The deadlines
/// themselves live with the call in the store; these timers only say when to look again, and are re-armed from the
/// store at start-up.
/// </summary>
public sealed class CallDeadlines(TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    public void Schedule(Guid callId, DateTimeOffset at, Func<Guid, Task> onDue)
    {
        var due = at - time.GetUtcNow();
        var entry = new Entry(this, callId, onDue);
        // Timers live long; do not let them capture the request's execution context (AsyncLocals) for that long.
        using (ExecutionContext.SuppressFlow())
        {
            entry.Timer = time.CreateTimer(static state => ((Entry)state!).Fire(), entry, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        _entries.AddOrUpdate(callId, entry, (_, old) =>
        {
            old.Timer?.Dispose();
            return entry;
        });
        // Armed only once registered, so a timer due at once finds its own entry.
        entry.Timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    public void Cancel(Guid callId)
    {
        if (_entries.TryRemove(callId, out var entry))
        {
            entry.Timer?.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var entry in _entries.Values)
        {
            entry.Timer?.Dispose();
        }

        _entries.Clear();
    }

    private sealed class Entry(CallDeadlines owner, Guid callId, Func<Guid, Task> onDue)
    {
        public ITimer? Timer { get; set; }

        public void Fire()
        {
            // Only the entry still registered for the call may fire: a replaced timer stays silent.
            if (!owner._entries.TryRemove(new KeyValuePair<Guid, Entry>(callId, this)))
            {
                return;
            }

            Timer?.Dispose();
            _ = onDue(callId);
        }
    }
}
