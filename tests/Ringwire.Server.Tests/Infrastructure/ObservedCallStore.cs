using Ringwire.Core;
using Ringwire.Storage;

namespace Ringwire.Server.Tests.Infrastructure;

/// <summary>
/// The server's real call store, passed through unchanged, that also tells tests when a trace event has been
/// committed. Everything the server does in the background (pushes, timeouts, alerts) ends in a trace event, so a
/// test can wait for exactly that event instead of waiting "a bit".
/// </summary>
public sealed class ObservedCallStore(ICallStore inner) : ICallStore
{
    private readonly Lock _lock = new();
    private readonly List<(Guid CallId, TraceEvent Event)> _committed = [];
    private readonly List<(Func<Guid, TraceEvent, bool> Match, TaskCompletionSource<TraceEvent> Done)> _waiters = [];

    /// <summary>The first committed trace event of <paramref name="type"/> for the call (and device), already or to come.</summary>
    public Task<TraceEvent> WaitForTraceAsync(Guid callId, string type, string? deviceId = null) =>
        WaitForAsync((id, e) => id == callId && e.Type == type && (deviceId is null || e.DeviceId == deviceId));

    public Task<TraceEvent> WaitForTraceAsync(string callId, string type, string? deviceId = null) =>
        WaitForTraceAsync(Guid.Parse(callId), type, deviceId);

    public IReadOnlyList<TraceEvent> Committed(Guid callId)
    {
        lock (_lock)
        {
            return [.. _committed.Where(c => c.CallId == callId).Select(c => c.Event)];
        }
    }

    private Task<TraceEvent> WaitForAsync(Func<Guid, TraceEvent, bool> match)
    {
        lock (_lock)
        {
            foreach (var (id, e) in _committed)
            {
                if (match(id, e))
                {
                    return Task.FromResult(e);
                }
            }

            var done = new TaskCompletionSource<TraceEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task;
        }
    }

    private void Committed(Guid callId, IEnumerable<TraceEvent> events)
    {
        List<(TaskCompletionSource<TraceEvent> Done, TraceEvent Event)> matched = [];
        lock (_lock)
        {
            foreach (var e in events)
            {
                _committed.Add((callId, e));
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (_waiters[i].Match(callId, e))
                    {
                        matched.Add((_waiters[i].Done, e));
                        _waiters.RemoveAt(i);
                    }
                }
            }
        }

        foreach (var (done, e) in matched)
        {
            done.TrySetResult(e);
        }
    }

    public async Task<CallCreation> CreateAsync(Call call, IReadOnlyList<TraceEvent> trace, string? idempotencyKey, TimeSpan idempotencyWindow, CancellationToken cancellationToken)
    {
        var creation = await inner.CreateAsync(call, trace, idempotencyKey, idempotencyWindow, cancellationToken);
        if (creation.Created)
        {
            Committed(call.CallId, trace);
        }

        return creation;
    }

    public Task<Call?> GetAsync(Guid callId, CancellationToken cancellationToken) => inner.GetAsync(callId, cancellationToken);

    public async Task<bool> TryTransitionAsync(Call next, int expectedVersion, TraceEvent trace, CancellationToken cancellationToken)
    {
        var written = await inner.TryTransitionAsync(next, expectedVersion, trace, cancellationToken);
        if (written)
        {
            Committed(next.CallId, [trace]);
        }

        return written;
    }

    public async Task RecordPushAsync(Guid callId, string deviceId, PushStatus push, string? pushError, TraceEvent trace, CancellationToken cancellationToken)
    {
        await inner.RecordPushAsync(callId, deviceId, push, pushError, trace, cancellationToken);
        Committed(callId, [trace]);
    }

    public async Task RecordClaimAsync(Guid callId, string deviceId, Platform platform, TraceEvent trace, CancellationToken cancellationToken)
    {
        await inner.RecordClaimAsync(callId, deviceId, platform, trace, cancellationToken);
        Committed(callId, [trace]);
    }

    public async Task RecordReportedAsync(Guid callId, string deviceId, TraceEvent trace, CancellationToken cancellationToken)
    {
        await inner.RecordReportedAsync(callId, deviceId, trace, cancellationToken);
        Committed(callId, [trace]);
    }

    public async Task AppendTraceAsync(Guid callId, TraceEvent trace, CancellationToken cancellationToken)
    {
        await inner.AppendTraceAsync(callId, trace, cancellationToken);
        Committed(callId, [trace]);
    }

    public Task<IReadOnlyList<TraceEvent>> GetTraceAsync(Guid callId, CancellationToken cancellationToken) => inner.GetTraceAsync(callId, cancellationToken);

    public Task<IReadOnlyList<Call>> ListForUserAsync(string userId, int limit, CancellationToken cancellationToken) =>
        inner.ListForUserAsync(userId, limit, cancellationToken);

    public Task<IReadOnlyList<Call>> ListAsync(CallStateFilter filter, int limit, CancellationToken cancellationToken) =>
        inner.ListAsync(filter, limit, cancellationToken);

    public Task<IReadOnlyList<Call>> ListRingingForCalleeAsync(string calleeId, CancellationToken cancellationToken) =>
        inner.ListRingingForCalleeAsync(calleeId, cancellationToken);

    public Task<IReadOnlyList<Call>> ListRingingAsync(CancellationToken cancellationToken) => inner.ListRingingAsync(cancellationToken);

    public Task<bool> IsInAnsweredCallAsync(string userId, CancellationToken cancellationToken) => inner.IsInAnsweredCallAsync(userId, cancellationToken);

    public Task<IReadOnlyDictionary<string, int>> CountUnclaimedPushesAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken) =>
        inner.CountUnclaimedPushesAsync(userId, since, cancellationToken);

    public Task<IReadOnlyDictionary<DeviceKey, int>> CountUnclaimedPushesAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        inner.CountUnclaimedPushesAsync(since, cancellationToken);

    public Task<int> PurgeEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        inner.PurgeEndedBeforeAsync(cutoff, cancellationToken);
}
