using System.Text;

namespace Ringwire.Lab.Phone;

/// <summary>What the user of one phone saw and heard, in order; safe to read and wait on from any thread.</summary>
public sealed class PhoneTimeline
{
    private readonly Lock _lock = new();
    private readonly List<PhoneEvent> _events = [];
    private readonly List<(Func<PhoneEvent, bool> Match, TaskCompletionSource<PhoneEvent> Done)> _waiters = [];

    /// <summary>Everything so far.</summary>
    public IReadOnlyList<PhoneEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<PhoneEvent> OfKind(PhoneEventKind kind) => [.. Events.Where(e => e.Kind == kind)];

    /// <summary>
    /// The first event, past or future, that <paramref name="match"/> accepts; fails with a <see cref="TimeoutException"/>
    /// (naming the timeline so far) when none comes within <paramref name="timeout"/> of real time.
    /// </summary>
    public async Task<PhoneEvent> WaitForAsync(Func<PhoneEvent, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        TaskCompletionSource<PhoneEvent> done;
        (Func<PhoneEvent, bool>, TaskCompletionSource<PhoneEvent>) waiter;
        lock (_lock)
        {
            foreach (var e in _events)
            {
                if (match(e))
                {
                    return e;
                }
            }

            done = new TaskCompletionSource<PhoneEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiter = (match, done);
            _waiters.Add(waiter);
        }

        try
        {
            return await done.Task.WaitAsync(timeout, TimeProvider.System, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No matching phone event within {timeout}. Timeline:\n{this}");
        }
        finally
        {
            lock (_lock)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>The first event of <paramref name="kind"/> (optionally about <paramref name="callUuid"/>) within <paramref name="timeout"/>.</summary>
    public Task<PhoneEvent> WaitForAsync(PhoneEventKind kind, TimeSpan timeout, Guid? callUuid = null) =>
        WaitForAsync(e => e.Kind == kind && (callUuid is null || e.CallUuid == callUuid), timeout);

    internal void Add(PhoneEvent phoneEvent)
    {
        lock (_lock)
        {
            _events.Add(phoneEvent);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(phoneEvent))
                {
                    _waiters[i].Done.TrySetResult(phoneEvent);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>One event a line, readable as a story.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var e in Events)
        {
            text.Append(e).Append('\n');
        }

        return text.ToString();
    }
}
