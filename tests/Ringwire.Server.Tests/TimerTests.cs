using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Ringwire.Push;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

public sealed class TimerTests
{
    private static DateTimeOffset Time(JsonNode node, string name) =>
        DateTimeOffset.Parse(node.Str(name)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static Dictionary<string, string?> ClaimTimeout(double seconds) => new() { ["Ringwire:Ringing:ClaimTimeoutSeconds"] = seconds.ToString(CultureInfo.InvariantCulture) };

    [Fact]
    public async Task RingTimeout_EndsTheCallMissedExactlyAtRingUntil()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterWebDeviceAsync(bob, "b-web");
        await using var web = await host.ConnectReadyAsync(bob, "b-web");
        var call = await host.PlaceCallAsync(alice, "bob", b => b["ringSeconds"] = 20);
        var callId = call.Str("callId")!;
        var ringUntil = Time(call, "ringUntil");

        host.Clock.AdvanceTo(ringUntil.AddMilliseconds(-1));
        Assert.Equal("ringing", (await host.GetCallAsync(alice, callId)).Str("state"));

        host.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await host.Calls.WaitForTraceAsync(callId, "missed").DefaultTimeout();

        var ended = await host.GetCallAsync(alice, callId);
        Assert.Equal("missed", ended.Str("state"));
        Assert.Equal("ring_timeout", ended.Str("endReason"));
        Assert.Equal(ringUntil, Time(ended, "endedAt"));
        Assert.Equal(2, ended.Long("version"));
        var missed = await web.NextAsync(SocketMessages.Event("missed", callId));
        Assert.Equal("unanswered", missed.Str("endReason"));
    }

    [Fact]
    public async Task RingTimeout_AnsweredCall_DoesNotEndIt()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var call = await host.PlaceCallAsync(alice, "bob");
        var callId = call.Str("callId")!;
        (await host.ActAsync(bob, callId, "answer", "b-phone")).Expect(HttpStatusCode.OK);

        host.Clock.AdvanceTo(Time(call, "ringUntil").AddMinutes(5));

        Assert.Equal("answered", (await host.GetCallAsync(alice, callId)).Str("state"));
        Assert.Equal(0, host.Clock.ArmedTimers(t => t == Time(call, "ringUntil")));
    }

    [Fact]
    public async Task ClaimTimeout_NoDeviceClaimedOrConnected_EndsTheCallUnreachable()
    {
        await using var host = await RingwireHost.StartAsync(ClaimTimeout(5));
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var call = await host.PlaceCallAsync(alice, "bob");
        var callId = call.Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "push.sent").DefaultTimeout();
        var created = Time(call, "createdAt");

        host.Clock.AdvanceTo(created.AddSeconds(5).AddMilliseconds(-1));
        Assert.Equal("ringing", (await host.GetCallAsync(alice, callId)).Str("state"));

        host.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await host.Calls.WaitForTraceAsync(callId, "unreachable").DefaultTimeout();

        var ended = await host.GetCallAsync(alice, callId);
        Assert.Equal("unreachable", ended.Str("state"));
        Assert.Equal("claim_timeout", ended.Str("endReason"));
        Assert.Equal(created.AddSeconds(5), Time(ended, "endedAt"));
    }

    [Fact]
    public async Task ClaimTimeout_DeviceClaimedOverTheSocket_KeepsRingingUntilRingUntil()
    {
        await using var host = await RingwireHost.StartAsync(ClaimTimeout(5));
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var call = await host.PlaceCallAsync(alice, "bob");
        var callId = call.Str("callId")!;
        var ringUntil = Time(call, "ringUntil");
        await using (var phone = await host.ConnectReadyAsync(bob, "b-phone"))
        {
            var claimed = await phone.RequestAsync("claim", callId);
            Assert.Equal("number", claimed["call"]!["legs"]![0].Kind("claimedAt"));
        }

        // The device has left again: only its claim can keep the call alive now.
        var connections = host.Service<Channel.DeviceConnections>();
        await Eventually.TrueAsync(() => !connections.IsConnected("bob"), () => host.GetAsync("/v1/devices", bob), "the server forgot b-phone's socket");
        var rearmed = host.Clock.WhenArmedAsync(at => at == ringUntil);
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        await rearmed.DefaultTimeout();

        Assert.Equal("ringing", (await host.GetCallAsync(alice, callId)).Str("state"));
        host.Clock.AdvanceTo(ringUntil);
        await host.Calls.WaitForTraceAsync(callId, "missed").DefaultTimeout();
        Assert.Equal("ring_timeout", (await host.GetCallAsync(alice, callId)).Str("endReason"));
    }

    [Fact]
    public async Task ClaimTimeout_CalleeDeviceConnected_KeepsRinging()
    {
        await using var host = await RingwireHost.StartAsync(ClaimTimeout(5));
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterWebDeviceAsync(bob, "b-web");
        await using var web = await host.ConnectReadyAsync(bob, "b-web");
        var call = await host.PlaceCallAsync(alice, "bob");
        var callId = call.Str("callId")!;
        var ringUntil = Time(call, "ringUntil");

        var rearmed = host.Clock.WhenArmedAsync(at => at == ringUntil);
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        await rearmed.DefaultTimeout();

        Assert.Equal("ringing", (await host.GetCallAsync(alice, callId)).Str("state"));
    }

    [Fact]
    public async Task AllVoipPushesFail_NoDeviceConnected_EndsTheCallUnreachablePushFailed()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterDeviceAsync(bob, "b-pad");
        host.Pushes.Respond = _ => new PushOutcome(PushResult.ConfigurationError, "InvalidProviderToken", 403);

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "unreachable").DefaultTimeout();

        var call = await host.GetCallAsync(alice, callId);
        Assert.Equal("unreachable", call.Str("state"));
        Assert.Equal("push_failed", call.Str("endReason"));
        Assert.All(call.Array("legs"), l =>
        {
            Assert.Equal("failed", l.Str("push"));
            Assert.False(string.IsNullOrEmpty(l.Str("pushError")));
        });
        var types = await host.TraceTypesAsync(alice, callId);
        Assert.Equal(2, types.Count(t => t == "push.failed"));
        Assert.Equal("unreachable", types[^1]);
        Assert.Equal(2, host.PushesFor(callId, PushKind.Voip).Count);
    }

    [Fact]
    public async Task OneVoipPushFails_AnotherSucceeds_KeepsRinging()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterDeviceAsync(bob, "b-pad");
        host.Pushes.Respond = m => m.DeviceId == "b-pad" ? new PushOutcome(PushResult.TokenDead, "Unregistered", 410) : PushOutcome.Delivered;

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "push.failed", "b-pad").DefaultTimeout();
        await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();

        var call = await host.GetCallAsync(alice, callId);
        Assert.Equal("ringing", call.Str("state"));
        Assert.Equal("failed", call.Array("legs").Single(l => l.Str("deviceId") == "b-pad")!.Str("push"));
    }
}
