using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ringwire.Client;
using Ringwire.Client.CallKit;
using Ringwire.Core;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Scenarios;

/// <summary>
/// One run of a <see cref="Scenario"/> in a <see cref="LabWorld"/>: its phones, its notes, its expectations, and — once
/// the body is done — the checks every scenario must pass (no strike, no crash, at most one VoIP push per call per
/// device, no ghost ring past the bound, nothing ringing past ringUntil, nothing left ringing, no outgoing call connected
/// on the caller's phone before the callee answered).
/// </summary>
public sealed class ScenarioRun : IAsyncDisposable
{
    /// <summary>How long a run waits for anything before it calls it missing (real time).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest a phone may show a call that is over, beyond the network: a woken app connects (one round trip for
    /// TCP, one for the WebSocket upgrade, which carries its claim). This bound only catches a phone that did not learn
    /// the end from its claim at all (it would ring until its 5 s connect timeout); it leaves room for a loaded test
    /// machine. How close to the network the figure really is, bench/ghost.sh measures.
    /// </summary>
    public static readonly TimeSpan GhostSlack = TimeSpan.FromSeconds(1);

    private static int _runs;

    private readonly Lock _lock = new();
    private readonly List<LabPhone> _phones = [];
    private readonly List<ScenarioLine> _notes = [];
    private readonly List<string> _failures = [];
    private readonly string _suffix;

    public ScenarioRun(LabWorld world, Scenario scenario, ScenarioDelays? delays = null, CancellationToken cancellationToken = default)
    {
        World = world;
        Scenario = scenario;
        Delays = delays;
        Cancellation = cancellationToken;
        Start = world.Clock.GetUtcNow();
        // Runs may share a world (the benchmark runs thousands): each has users of its own.
        _suffix = Interlocked.Increment(ref _runs).ToString(CultureInfo.InvariantCulture);
    }

    public LabWorld World { get; }

    public Scenario Scenario { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>Random latencies and pauses, or null for the scenario's fixed ones.</summary>
    public ScenarioDelays? Delays { get; }

    public DateTimeOffset Start { get; }

    /// <summary>The user id this run uses for <paramref name="name"/>.</summary>
    public string User(string name) => $"{name}.{_suffix}";

    /// <summary>A phone of <paramref name="user"/> (a name given to <see cref="User"/>), e.g. <c>IPhoneAsync("bob", "iPhone")</c>.</summary>
    public async Task<LabPhone> IPhoneAsync(string user, string device, LabPhoneOptions? options = null)
    {
        var phone = await LabPhone.StartAsync(World, $"{user}'s {device}", User(user), options ?? new LabPhoneOptions(), Cancellation);
        lock (_lock)
        {
            _phones.Add(phone);
        }

        return phone;
    }

    /// <summary>A network latency: random with <see cref="Delays"/>, else <paramref name="fixedValue"/>.</summary>
    public TimeSpan Latency(TimeSpan fixedValue) => Delays?.Next() ?? fixedValue;

    /// <summary>A random pause in real time with <see cref="Delays"/>; none without.</summary>
    public Task PauseAsync() => Delays is null ? Task.CompletedTask : Task.Delay(Delays.Next(), Cancellation);

    /// <summary>Narration on the timeline: what the scenario does now.</summary>
    public void Note(string what)
    {
        lock (_lock)
        {
            _notes.Add(new ScenarioLine(World.Clock.GetUtcNow(), "scenario", what));
        }
    }

    /// <summary>Records a failed expectation; the run goes on so the timeline shows what followed.</summary>
    public void Expect(bool condition, string what)
    {
        if (!condition)
        {
            lock (_lock)
            {
                _failures.Add(what);
            }
        }
    }

    /// <summary>The caller's app places a call; returns its id once the server created it.</summary>
    public async Task<Guid> CallAsync(LabPhone caller, string callee, PlaceCallOptions? options = null)
    {
        Note($"{caller.Name} calls {callee}");
        var call = await caller.App.PlaceCallAsync(User(callee), options, Cancellation);
        return call.CallId;
    }

    /// <summary>
    /// <paramref name="caller"/> calls <paramref name="callee"/>'s user, whose phone rings and whose user answers: the
    /// two are on a call when this returns.
    /// </summary>
    public async Task<Guid> AnsweredCallAsync(LabPhone caller, LabPhone callee, string callerName)
    {
        Note($"{caller.Name} calls {callee.UserId}");
        var call = await caller.App.PlaceCallAsync(callee.UserId, new PlaceCallOptions { CallerName = callerName }, Cancellation);
        await RingingAsync(callee, call.CallId);
        await callee.WaitForCallAsync(call.CallId, c => c.State == DeviceCallState.Ringing, Patience);
        Note($"{callee.Name} answers");
        callee.Phone.AnswerCall(call.CallId);
        await callee.Phone.Timeline.WaitForAsync(PhoneEventKind.CallConnected, Patience, call.CallId);
        // The caller's phone connects when its app hears that the callee answered (reportOutgoingCall(with:connectedAt:)).
        await caller.Phone.Timeline.WaitForAsync(PhoneEventKind.CallConnected, Patience, call.CallId);
        return call.CallId;
    }

    /// <summary>The push of <paramref name="callId"/> has reached <paramref name="phone"/> and the phone shows it ringing.</summary>
    public Task<PhoneEvent> RingingAsync(LabPhone phone, Guid callId) =>
        phone.Phone.Timeline.WaitForAsync(PhoneEventKind.RingingStarted, Patience, callId);

    /// <summary>Waits until the call ends on <paramref name="phone"/> and expects CallKit to have been told <paramref name="reason"/>.</summary>
    public async Task ExpectEndedAsync(LabPhone phone, Guid callId, CallEndedReason? reason)
    {
        var ended = await phone.Phone.Timeline.WaitForAsync(PhoneEventKind.CallEnded, Patience, callId);
        Expect(ended.EndReason == reason, $"{phone.Name}: call ended {Name(ended.EndReason)}, expected {Name(reason)}");
    }

    /// <summary>
    /// Waits until the server tells <paramref name="caller"/>'s app, over its channel, that the call is over, then
    /// expects the server's state and end reason (contract §5).
    /// </summary>
    public async Task<JsonNode> ExpectServerEndAsync(LabPhone caller, Guid callId, string state, string endReason)
    {
        var over = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnCall(CallEvent e)
        {
            if (e.Call.CallId == callId && e.Call.State.IsTerminal())
            {
                over.TrySetResult();
            }
        }

        var channel = caller.App.Channel;
        channel.CallReceived += OnCall;
        try
        {
            var call = await World.CallAsync(callId, Cancellation);
            if (call["state"]?.GetValue<string>() is "ringing" or "answered")
            {
                await over.Task.WaitAsync(Patience, Cancellation);
                call = await World.CallAsync(callId, Cancellation);
            }

            Expect(call["state"]?.GetValue<string>() == state && call["endReason"]?.GetValue<string>() == endReason,
                $"server: call {call["state"]}/{call["endReason"]}, expected {state}/{endReason}");
            return call;
        }
        finally
        {
            channel.CallReceived -= OnCall;
        }
    }

    /// <summary>Runs the scenario's body in this run, then the checks every scenario must pass.</summary>
    public async Task<ScenarioResult> RunAsync()
    {
        try
        {
            await Scenario.Body(this);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A scenario that broke off still reports its timeline and the checks below.
            Expect(false, $"{e.GetType().Name}: {e.Message}");
        }

        await SettleDaemonChecksAsync();
        var rings = await CheckEveryPhoneAsync();
        List<ScenarioLine> timeline;
        lock (_lock)
        {
            timeline = [.. _notes];
        }

        foreach (var phone in Phones())
        {
            timeline.AddRange(phone.Phone.Timeline.Events.Select(e => new ScenarioLine(e.At, phone.Name, $"{e.Kind} {e.Detail}")));
        }

        timeline.AddRange(await ServerTraceAsync(timeline));
        timeline.Sort((a, b) => a.At.CompareTo(b.At));
        lock (_lock)
        {
            return new ScenarioResult(Scenario, [.. _failures], rings, timeline, Start);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var phone in Phones())
        {
            await phone.DisposeAsync();
        }
    }

    /// <summary>
    /// R2 strikes come ~7 s after a push: jump past them and wait for callservicesd's verdict on every push it checks,
    /// so that "no strike" means no strike, not "not yet".
    /// </summary>
    private async Task SettleDaemonChecksAsync()
    {
        var phones = Phones();
        if (phones.Length == 0)
        {
            return;
        }

        World.Clock.Advance(phones.Max(p => p.Phone.Settings.DaemonCheckDelay) + TimeSpan.FromSeconds(1));
        foreach (var phone in phones)
        {
            foreach (var push in phone.Phone.Timeline.OfKind(PhoneEventKind.VoipPushDelivered).Where(e => e.ReportRequired == true))
            {
                await phone.Phone.Timeline.WaitForAsync(e => e.Kind == PhoneEventKind.DaemonCheckRan && e.ApnsId == push.ApnsId, Patience);
            }
        }
    }

    private LabPhone[] Phones()
    {
        lock (_lock)
        {
            return [.. _phones];
        }
    }

    private async Task<IReadOnlyList<RingMeasure>> CheckEveryPhoneAsync()
    {
        var exchanges = World.Apns.Exchanges;
        var calls = new Dictionary<Guid, JsonNode>();
        var rings = new List<RingMeasure>();
        foreach (var phone in Phones())
        {
            if (!phone.Options.StrikesExpected)
            {
                Expect(phone.Phone.Strikes == 0, $"{phone.Name}: {phone.Phone.Strikes} strike(s)");
                Expect(phone.Phone.Crashes.Count == 0, $"{phone.Name}: crashed: {string.Join("; ", phone.Phone.Crashes.Select(c => c.Detail))}");
            }

            // Contract §5: never more than one VoIP push per call per device.
            var pushes = exchanges.Where(x => x.Token == phone.Voip.Token && x.Status == 200).ToList();
            foreach (var perCall in pushes.GroupBy(x => CallIdOf(x.Body)).Where(g => g.Count() > 1))
            {
                Expect(false, $"{phone.Name}: {perCall.Count()} VoIP pushes for call {perCall.Key}");
            }

            // An outgoing call connects on the caller's phone only once the server has it answered (CallKit: "connected
            // when both caller and callee can start communicating"), never when the app fulfilled its start.
            var outgoing = phone.Phone.ScreenCalls().Where(c => !c.Incoming).Select(c => c.CallUuid).ToHashSet();
            foreach (var connected in phone.Phone.Timeline.OfKind(PhoneEventKind.CallConnected).Where(e => e.CallUuid is { } u && outgoing.Contains(u)))
            {
                var call = await ServerCallAsync(connected.CallUuid!.Value);
                Expect(Time(call["answeredAt"]) is { } answeredAt && connected.At >= answeredAt,
                    $"{phone.Name}: outgoing call {connected.CallUuid} connected before the callee answered");
            }

            var arrivals = phone.Phone.Timeline.OfKind(PhoneEventKind.VoipPushDelivered)
                .Join(pushes, e => e.ApnsId, x => x.ApnsId, (e, x) => (CallId: CallIdOf(x.Body), e.At))
                .GroupBy(a => a.CallId).ToDictionary(g => g.Key, g => g.Min(a => a.At));
            foreach (var interval in phone.Phone.RingingIntervals())
            {
                var call = await ServerCallAsync(interval.CallUuid);
                var ringUntil = Time(call["ringUntil"])!.Value;
                if (interval.Stop is not { } stop)
                {
                    Expect(false, $"{phone.Name}: still ringing for call {interval.CallUuid} at the end");
                    continue;
                }

                // A second of slack for the phone to hear the server's timeout over the network.
                Expect(stop <= ringUntil + TimeSpan.FromSeconds(1), $"{phone.Name}: rang past ringUntil for call {interval.CallUuid}");
                if (Time(call["endedAt"]) is not { } endedAt || stop <= endedAt)
                {
                    continue;
                }

                // The server keeps milliseconds: a push that arrived within the millisecond of the end came before it.
                var overAtPush = arrivals.TryGetValue(interval.CallUuid, out var arrived) && arrived >= endedAt + TimeSpan.FromMilliseconds(1);
                var measure = new RingMeasure(phone.Name, interval.CallUuid, overAtPush, stop - (interval.Start > endedAt ? interval.Start : endedAt),
                    2 * phone.Network.Latency);
                rings.Add(measure);
                var bound = 6 * phone.Network.Latency + GhostSlack;
                Expect(measure.AfterEnd <= bound, $"{measure}, over the bound of {bound.TotalMilliseconds:0} ms");
            }
        }

        return rings;

        async Task<JsonNode> ServerCallAsync(Guid callId)
        {
            if (!calls.TryGetValue(callId, out var call))
            {
                calls[callId] = call = await World.CallAsync(callId, Cancellation);
            }

            return call;
        }
    }

    /// <summary>What the server did with every call the phones saw (GET /v1/calls/{id}/events), for the timeline.</summary>
    private async Task<IEnumerable<ScenarioLine>> ServerTraceAsync(IEnumerable<ScenarioLine> phoneLines)
    {
        var callIds = Phones().SelectMany(p => p.Phone.Timeline.Events).Select(e => e.CallUuid).OfType<Guid>().Distinct();
        var lines = new List<ScenarioLine>();
        foreach (var callId in callIds)
        {
            using var response = await World.Backend.GetAsync($"/v1/calls/{callId:D}/events", Cancellation);
            if (!response.IsSuccessStatusCode)
            {
                continue;
            }

            var trace = await LabWorld.ReadAsync(response, Cancellation);
            foreach (var e in trace["events"]!.AsArray())
            {
                var device = e!["deviceId"]?.GetValue<string>();
                var detail = e["detail"]?.ToJsonString() is { } d and not "{}" ? " " + d : "";
                lines.Add(new ScenarioLine(Time(e["at"])!.Value, "server", $"{e["type"]} call {callId.ToString()[..8]}{(device is null ? "" : " by " + device)}{detail}"));
            }
        }

        return lines;
    }

    private static Guid CallIdOf(ReadOnlyMemory<byte> body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("ringwire", out var ringwire) && ringwire.TryGetProperty("callId", out var id)
            ? id.GetGuid()
            : Guid.Empty;
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        node is null ? null : DateTimeOffset.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture);

    private static string Name(CallEndedReason? reason) => reason?.ToString() ?? "by the user";
}
