using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ringwire.Core;
using Ringwire.Push;
using Ringwire.Server.Calls;
using Ringwire.Server.Tests.Infrastructure;
using Ringwire.Storage;

namespace Ringwire.Server.Tests;

/// <summary>
/// The "Ringwire" meter during real call flows: calls ended by state and reason, connected devices, claim latency and
/// every ghost-ring guard (see GhostRingGuard), read with a MeterListener scoped to one server.
/// </summary>
public sealed class MetricsTests
{
    private const string Ended = "ringwire.calls.ended";
    private const string Guards = "ringwire.ghost_ring.guards";
    private const string ClaimDuration = "ringwire.claim.duration";

    [Fact]
    public async Task CallsEnded_AnsweredThenHungUp_AndCancelled_AreEachCountedOnce_ByStateAndEndReason()
    {
        await using var host = await RingwireHost.StartAsync();
        using var meter = new MeterRecorder(host);
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterWebDeviceAsync(bob, "b-web");
        await using var bobs = await host.ConnectReadyAsync(bob, "b-web");

        var answered = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        (await host.ActAsync(bob, answered, "answer", "b-web")).Expect(HttpStatusCode.OK);
        Assert.Empty(meter.Of(Ended));
        (await host.ActAsync(alice, answered, "end", null)).Expect(HttpStatusCode.OK);
        var cancelled = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        (await host.ActAsync(alice, cancelled, "end", null)).Expect(HttpStatusCode.OK);
        // Ending a call that is over changes nothing, and counts nothing.
        (await host.ActAsync(alice, cancelled, "end", null)).Expect(HttpStatusCode.OK);

        Assert.Equal(2, meter.Of(Ended).Count);
        Assert.Equal(1, meter.Sum(Ended, ("state", "ended"), ("endReason", "hangup")));
        Assert.Equal(1, meter.Sum(Ended, ("state", "cancelled"), ("endReason", "caller_cancelled")));
    }

    [Fact]
    public async Task CallsEnded_AtOnceWhenPlaced_AndByTheRingTimer_AreCounted()
    {
        await using var host = await RingwireHost.StartAsync();
        using var meter = new MeterRecorder(host);
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");

        var noDevices = await host.PlaceCallAsync(alice, "bob");
        await host.RegisterWebDeviceAsync(bob, "b-web");
        await using var bobs = await host.ConnectReadyAsync(bob, "b-web");
        var call = await host.PlaceCallAsync(alice, "bob", b => b["ringSeconds"] = 5);
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        await bobs.NextAsync(SocketMessages.Event("missed", call.Str("callId")!));

        Assert.Equal("unreachable", noDevices.Str("state"));
        Assert.Equal(1, meter.Sum(Ended, ("state", "unreachable"), ("endReason", "no_devices")));
        Assert.Equal(1, meter.Sum(Ended, ("state", "missed"), ("endReason", "ring_timeout")));
        Assert.Equal(2, meter.Of(Ended).Count);
    }

    [Fact]
    public async Task Claim_OfACallAlreadyCancelled_TellsTheDeviceToEndIt_TripsTheGuard_AndTimesOnlyTheFirstClaim()
    {
        await using var host = await RingwireHost.StartAsync();
        using var meter = new MeterRecorder(host);
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();
        (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);

        // The phone, woken by the push, connects 1.5 s after the call was placed and claims it.
        host.Clock.Advance(TimeSpan.FromMilliseconds(1500));
        await using var phone = await host.ConnectReadyAsync(bob, "b-phone");
        var reply = await phone.RequestAsync("claim", callId);
        var again = await phone.RequestAsync("claim", callId);

        Assert.Equal(("cancelled", "remoteEnded"), (reply["call"].Str("state"), reply.Str("endReason")));
        Assert.Equal("remoteEnded", again.Str("endReason"));
        Assert.Equal(2, meter.Sum(Guards, ("guard", "claim_of_ended_call")));
        var claim = Assert.Single(meter.Of(ClaimDuration));
        Assert.Equal(1500, claim.Value);
        Assert.Equal("push", claim.Tags["wokenBy"]);
    }

    [Fact]
    public async Task Claim_OfARingingCall_ByAConnectedWebDevice_IsTimedAsHeardOnTheChannel_AndTripsNoGuard()
    {
        await using var host = await RingwireHost.StartAsync();
        using var meter = new MeterRecorder(host);
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterWebDeviceAsync(bob, "b-web");
        await using var bobs = await host.ConnectReadyAsync(bob, "b-web");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await bobs.NextAsync(SocketMessages.Event("incoming", callId));

        host.Clock.Advance(TimeSpan.FromMilliseconds(40));
        var reply = await bobs.RequestAsync("claim", callId);

        Assert.Equal("ringing", reply["call"].Str("state"));
        var claim = Assert.Single(meter.Of(ClaimDuration));
        Assert.Equal((40.0, "channel"), (claim.Value, claim.Tags["wokenBy"]));
        Assert.Empty(meter.Of(Guards));
    }

    [Fact]
    public async Task DevicesConnected_IsTheNumberOfOpenChannelsOnThisNode()
    {
        await using var host = await RingwireHost.StartAsync();
        using var meter = new MeterRecorder(host);
        var bob = await host.UserAsync("bob");
        var carol = await host.UserAsync("carol");
        await host.RegisterWebDeviceAsync(bob, "b-web");
        await host.RegisterWebDeviceAsync(carol, "c-web");
        Assert.Equal(0, meter.Current("ringwire.devices.connected"));

        var bobs = await host.ConnectReadyAsync(bob, "b-web");
        await using var carols = await host.ConnectReadyAsync(carol, "c-web");
        Assert.Equal(2, meter.Current("ringwire.devices.connected"));

        await bobs.DisposeAsync();
        // The server forgets the socket when it reads the close: wait for it, paced by requests on the other socket.
        await Eventually.TrueAsync(() => meter.Current("ringwire.devices.connected") == 1, carols.PingAsync, "bob's socket is forgotten");
    }

    [Fact]
    public async Task OlderEventAfterTheEnd_IsNotPassedOn_AndTripsTheGuard()
    {
        await using var host = await RingwireHost.StartAsync();
        using var meter = new MeterRecorder(host);
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterWebDeviceAsync(bob, "b-web");
        await using var bobs = await host.ConnectReadyAsync(bob, "b-web");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await bobs.NextAsync(SocketMessages.Event("incoming", callId));
        var ringing = (await host.Calls.GetAsync(Guid.Parse(callId), default))!;
        (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);
        await bobs.NextAsync(SocketMessages.Event("cancelled", callId));

        // Another node's notice of version 1, read late; then the last version again, which is no guard's business.
        host.Service<CallEvents>().Deliver(ringing);
        host.Service<CallEvents>().Deliver((await host.Calls.GetAsync(Guid.Parse(callId), default))!);

        var about = (await bobs.DrainAsync()).Where(m => SocketMessages.IsAbout(m, callId)).Select(m => m.Str("event"));
        Assert.Equal(["incoming", "cancelled"], about);
        Assert.Equal(1, meter.Sum(Guards, ("guard", "stale_event_dropped")));
        Assert.Single(meter.Of(Guards));
    }

    [Fact]
    public async Task RefusedPush_WithRingUntilNear_IsNotRetried_AndTripsTheGuard()
    {
        await using var host = await RingwireHost.StartAsync();
        using var meter = new MeterRecorder(host);
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        // APNs takes 3.5 s to refuse: the next attempt would land within 2 s of ringUntil (5 s).
        host.Pushes.Respond = _ =>
        {
            host.Clock.Advance(TimeSpan.FromMilliseconds(3500));
            return new PushOutcome(PushResult.Retryable, "TooManyRequests", 429);
        };

        var callId = (await host.PlaceCallAsync(alice, "bob", b => b["ringSeconds"] = 5)).Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "push.failed", "b-phone").DefaultTimeout();

        Assert.Single(host.PushesFor(callId, PushKind.Voip));
        Assert.Equal(1, meter.Sum(Guards, ("guard", "retry_near_ring_until")));
    }

    [Fact]
    public async Task RefusedPush_WhoseCallEndsDuringTheBackOff_IsNotRetried_AndTripsTheGuard()
    {
        await using var host = await RingwireHost.StartAsync();
        using var meter = new MeterRecorder(host);
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        host.Pushes.Respond = _ => new PushOutcome(PushResult.Retryable, "ServiceUnavailable", 503);

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "push.retrying", "b-phone").DefaultTimeout();
        (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);
        await host.Calls.WaitForTraceAsync(callId, "push.failed", "b-phone").DefaultTimeout();

        Assert.Single(host.PushesFor(callId, PushKind.Voip));
        Assert.Equal(1, meter.Sum(Guards, ("guard", "retry_after_end")));
    }

    [Fact]
    public async Task PushWithNoAnswer_IsNotRetried_AndTripsTheGuard()
    {
        await using var host = await RingwireHost.StartAsync();
        using var meter = new MeterRecorder(host);
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        host.Pushes.Respond = _ => new PushOutcome(PushResult.Unconfirmed, "StreamReset");

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "push.failed", "b-phone").DefaultTimeout();

        Assert.Single(host.PushesFor(callId, PushKind.Voip));
        Assert.Equal(1, meter.Sum(Guards, ("guard", "unconfirmed_not_retried")));
    }

    [Fact]
    public async Task Ringer_ForACallThatStoppedRinging_SendsNothing_AndTripsTheGuard()
    {
        await using var host = await RingwireHost.StartAsync();
        using var meter = new MeterRecorder(host);
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();
        var call = (await host.Calls.GetAsync(Guid.Parse(callId), default))! with { Legs = [new Leg("b-phone", Platform.Ios, PushStatus.Pending)] };
        var devices = await host.Service<IDeviceStore>().ListAsync("bob", default);
        var recorder = new RecordingPushSender();
        var ringer = ActivatorUtilities.CreateInstance<Ringer>(host.Services, recorder);

        await ringer.RingAsync(call, devices, new CancellationToken(canceled: true)).DefaultTimeout();

        Assert.Empty(recorder.Sent);
        Assert.Equal(1, meter.Sum(Guards, ("guard", "push_after_end")));
    }

    [Fact]
    public async Task Recovery_OfACallWhosePushWasOnItsWay_DoesNotPushAgain_AndTripsTheGuard()
    {
        await using var host = await RingwireHost.StartAsync();
        using var meter = new MeterRecorder(host);
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterDeviceAsync(bob, "b-pad");
        // A call as its node wrote it just before it stopped: ringing, both pushes on their way, no outcome recorded.
        var now = host.Clock.GetUtcNow();
        var call = CallOpening.Open(Guid.NewGuid(), new CallRequest { From = "alice", To = "bob" },
            new CalleeSituation(await host.Service<IDeviceStore>().ListAsync("bob", default)), host.Service<RingingRules>(), now);
        Assert.All(call.Legs, l => Assert.Equal(PushStatus.Pending, l.Push));
        await host.Calls.CreateAsync(call, [new TraceEvent(now, TraceEventType.Created)], null, Switchboard.IdempotencyWindow, default);

        await host.Service<Switchboard>().RecoverAsync(default).DefaultTimeout();

        Assert.Equal(2, meter.Sum(Guards, ("guard", "in_flight_push_not_resent")));
        Assert.Empty(host.PushesFor(call.CallId.ToString(), PushKind.Voip));
    }

    [PostgresFact]
    public async Task CallEnded_IsCountedOnTheNodeThatEndedIt_NotOnTheNodeThatHeardOfIt_AndOnceWhenASweepEndsIt()
    {
        var settings = new Dictionary<string, string?> { ["Ringwire:Cluster:SweepSeconds"] = "1", ["Ringwire:Cluster:SweepGraceSeconds"] = "1" };
        await using var first = await RingwireHost.StartAsync(settings);
        await using var second = await RingwireHost.StartAsync(
            new Dictionary<string, string?>(settings) { ["Ringwire:Storage:ConnectionString"] = first.Settings["Ringwire:Storage:ConnectionString"] }, first.Clock);
        using var meter = new MeterRecorder(first, second);
        var alice = await first.UserAsync("alice");
        var bob = await first.UserAsync("bob");
        await first.RegisterWebDeviceAsync(bob, "b-web");
        await using var bobs = await second.ConnectReadyAsync(bob, "b-web");

        var cancelled = (await first.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await bobs.NextAsync(SocketMessages.Event("incoming", cancelled));
        (await first.ActAsync(alice, cancelled, "end", null)).Expect(HttpStatusCode.OK);
        await bobs.NextAsync(SocketMessages.Event("cancelled", cancelled));
        Assert.Single(meter.Of(Ended, first));
        Assert.Empty(meter.Of(Ended, second));

        // The node that placed the next call stops; the other node's sweep ends it when it is overdue.
        var missed = await first.PlaceCallAsync(alice, "bob", b => b["ringSeconds"] = 10);
        await bobs.NextAsync(SocketMessages.Event("incoming", missed.Str("callId")!));
        await first.StopAsync();
        second.Clock.Advance(TimeSpan.FromSeconds(12));
        await bobs.NextAsync(SocketMessages.Event("missed", missed.Str("callId")!));

        Assert.Equal(1, meter.Sum(Ended, ("state", "missed"), ("endReason", "ring_timeout")));
        Assert.Single(meter.Of(Ended, second));
    }
}
