using System.Text.Json;
using Ringwire.Client.CallKit;
using Ringwire.Client.PushKit;
using Ringwire.Core;

namespace Ringwire.Lab.Tests.Phone;

/// <summary>
/// A tiny hand-written app for the virtual iPhone: one provider, a PushKit delegate whose behaviour each test picks
/// (<see cref="OnPush"/>), and a log of every callback the phone made, in order, that a test can wait on.
/// </summary>
internal sealed class TestApp : IVoipPushReceiver, ICallProviderDelegate
{
    private readonly Lock _lock = new();
    private readonly List<string> _log = [];
    private readonly List<CallAction> _actions = [];
    private readonly List<(Func<List<string>, string?> Probe, TaskCompletionSource<string> Done)> _waiters = [];

    public TestApp(ICallSystem system, CallProviderConfiguration? configuration = null)
    {
        System = system;
        Configuration = configuration ?? new CallProviderConfiguration();
        Provider = system.CreateProvider(Configuration, this);
    }

    public ICallSystem System { get; }

    public CallProviderConfiguration Configuration { get; }

    public ICallProvider Provider { get; set; }

    /// <summary>What the delegate does with a push; by default it reports the payload's call at once (the right thing).</summary>
    public Action<TestApp, VoipPush, Action> OnPush { get; set; } = static (app, push, completion) =>
    {
        app.ReportFromPayload(push);
        completion();
    };

    /// <summary>What the app does with an action; by default nothing (the test fulfils it).</summary>
    public Action<TestApp, CallAction>? OnAction { get; set; }

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_lock)
            {
                return [.. _log];
            }
        }
    }

    public IReadOnlyList<CallAction> Actions
    {
        get
        {
            lock (_lock)
            {
                return [.. _actions];
            }
        }
    }

    /// <summary>The call id of a contract §7 payload, as the app's UUID for it.</summary>
    public static Guid CallUuidOf(VoipPush push)
    {
        using var json = JsonDocument.Parse(push.Payload);
        return json.RootElement.GetProperty("ringwire").GetProperty("callId").GetGuid();
    }

    public Guid ReportFromPayload(VoipPush push, string? handle = null)
    {
        using var json = JsonDocument.Parse(push.Payload);
        var ringwire = json.RootElement.GetProperty("ringwire");
        var uuid = ringwire.GetProperty("callId").GetGuid();
        Report(uuid, new CallUpdate
        {
            RemoteHandle = new CallHandle(HandleType.Generic, handle ?? ringwire.GetProperty("callerHandle").GetString()!),
            LocalizedCallerName = ringwire.GetProperty("callerName").GetString(),
        });
        return uuid;
    }

    public void Report(Guid uuid, CallUpdate update, ICallProvider? provider = null) =>
        (provider ?? Provider).ReportNewIncomingCall(uuid, update, error => Add($"reported {uuid} {error?.ToString() ?? "ok"}"));

    public void Request(CallActionKind kind, Guid uuid) =>
        System.RequestTransaction(kind, uuid, error => Add($"transaction {kind} {uuid} {error?.ToString() ?? "ok"}"));

    public void DidReceiveIncomingVoipPush(VoipPush push, Action completion)
    {
        Add($"push mustReport={push.MustReport?.ToString() ?? "null"}");
        OnPush(this, push, completion);
    }

    public void ProviderDidReset(ICallProvider provider) => Add("providerDidReset");

    public void PerformAction(ICallProvider provider, CallAction action)
    {
        lock (_lock)
        {
            _actions.Add(action);
        }

        Add($"perform {action.Kind} {action.CallUuid}");
        OnAction?.Invoke(this, action);
    }

    public void TimedOutPerforming(ICallProvider provider, CallAction action) => Add($"timedOut {action.Kind} {action.CallUuid}");

    public void DidActivateAudioSession(ICallProvider provider) => Add("didActivate");

    public void DidDeactivateAudioSession(ICallProvider provider) => Add("didDeactivate");

    public CallAction ActionFor(CallActionKind kind, Guid uuid) => Actions.Last(a => a.Kind == kind && a.CallUuid == uuid);

    /// <summary>The first log line, past or future, starting with <paramref name="prefix"/>.</summary>
    public Task<string> WaitForAsync(string prefix) =>
        WaitUntilAsync(log => log.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)));

    /// <summary>Completes when <paramref name="line"/> has been logged <paramref name="times"/> times.</summary>
    public Task WaitForCountAsync(string line, int times) =>
        WaitUntilAsync(log => log.Count(l => l == line) >= times ? line : null);

    private Task<string> WaitUntilAsync(Func<List<string>, string?> probe)
    {
        lock (_lock)
        {
            if (probe(_log) is { } found)
            {
                return Task.FromResult(found);
            }

            var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((probe, done));
            return done.Task.WithTimeout();
        }
    }

    public void Add(string line)
    {
        lock (_lock)
        {
            _log.Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Probe(_log) is { } found)
                {
                    _waiters[i].Done.TrySetResult(found);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
