using Ringwire.Client.CallKit;

namespace Ringwire.Client.Tests;

/// <summary>A recording call system: every report and end is kept, transactions perform their action at once.</summary>
internal sealed class FakeCallSystem : ICallSystem
{
    private readonly Lock _lock = new();
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];

    public List<FakeProvider> Providers { get; } = [];

    public List<CallAction> Actions { get; } = [];

    public ICallProviderDelegate? Handler { get; private set; }

    public FakeProvider Current
    {
        get
        {
            lock (_lock)
            {
                return Providers[^1];
            }
        }
    }

    /// <summary>When set, a requested transaction's action is created but not performed: the test performs it.</summary>
    public bool HoldTransactions { get; set; }

    public ICallProvider CreateProvider(CallProviderConfiguration configuration, ICallProviderDelegate handler)
    {
        var provider = new FakeProvider(this);
        lock (_lock)
        {
            Handler = handler;
            Providers.Add(provider);
        }

        Changed();
        return provider;
    }

    public void RequestTransaction(CallActionKind kind, Guid callUuid, Action<RequestTransactionError?> completion)
    {
        var action = NewAction(kind, callUuid);
        completion(null);
        if (!HoldTransactions)
        {
            Handler!.PerformAction(Current, action);
        }
    }

    public CallAction NewAction(CallActionKind kind, Guid callUuid)
    {
        var action = new CallAction(kind, callUuid, DateTimeOffset.MaxValue, (_, _) => Changed());
        lock (_lock)
        {
            Actions.Add(action);
        }

        Changed();
        return action;
    }

    /// <summary>Completes once <paramref name="condition"/> holds (checked now and after every recorded change).</summary>
    public Task WhenAsync(Func<bool> condition)
    {
        lock (_lock)
        {
            if (condition())
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, done));
            return done.Task;
        }
    }

    public void Changed()
    {
        lock (_lock)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Condition())
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    public Lock Sync => _lock;
}

/// <summary>One provider: which calls it shows, what was reported and ended.</summary>
internal sealed class FakeProvider(FakeCallSystem system) : ICallProvider
{
    public HashSet<Guid> Live { get; } = [];

    public List<(Guid Uuid, CallUpdate Update, IncomingCallError? Error)> Reports { get; } = [];

    public List<(Guid Uuid, CallEndedReason Reason)> Ends { get; } = [];

    /// <summary>Outgoing calls' reports, in order: <c>connecting</c> or <c>connected</c>.</summary>
    public List<(Guid Uuid, string Report)> OutgoingReports { get; } = [];

    public bool Invalidated { get; private set; }

    public void ReportNewIncomingCall(Guid callUuid, CallUpdate update, Action<IncomingCallError?> completion)
    {
        IncomingCallError? error;
        lock (system.Sync)
        {
            error = Live.Add(callUuid) ? null : IncomingCallError.CallUuidAlreadyExists;
            Reports.Add((callUuid, update, error));
        }

        completion(error);
        system.Changed();
    }

    public void ReportCallUpdated(Guid callUuid, CallUpdate update)
    {
    }

    public void ReportCallEnded(Guid callUuid, DateTimeOffset? endedAt, CallEndedReason reason)
    {
        lock (system.Sync)
        {
            Live.Remove(callUuid);
            Ends.Add((callUuid, reason));
        }

        system.Changed();
    }

    public void ReportOutgoingCallStartedConnecting(Guid callUuid, DateTimeOffset? at) => RecordOutgoing(callUuid, "connecting");

    public void ReportOutgoingCallConnected(Guid callUuid, DateTimeOffset? at) => RecordOutgoing(callUuid, "connected");

    public void Invalidate() => Invalidated = true;

    /// <summary>The outgoing reports about <paramref name="uuid"/> so far, in order.</summary>
    public IReadOnlyList<string> OutgoingReportsOf(Guid uuid)
    {
        lock (system.Sync)
        {
            return [.. OutgoingReports.Where(r => r.Uuid == uuid).Select(r => r.Report)];
        }
    }

    private void RecordOutgoing(Guid uuid, string report)
    {
        lock (system.Sync)
        {
            OutgoingReports.Add((uuid, report));
        }

        system.Changed();
    }

    public bool WasEnded(Guid uuid, CallEndedReason reason)
    {
        lock (system.Sync)
        {
            return Ends.Contains((uuid, reason));
        }
    }
}
