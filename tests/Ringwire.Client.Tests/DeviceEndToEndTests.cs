using Ringwire.Client.CallKit;
using Ringwire.Core;
using Ringwire.Lab.Network;

namespace Ringwire.Client.Tests;

/// <summary>RingwireDevice against the real server: held answers, busy, reconnect with re-claim, provider reset.</summary>
public sealed class DeviceEndToEndTests
{
    private static async Task<(RingwireDevice Device, FakeCallSystem System)> PhoneAsync(
        ServerFixture server, Uri address, string token, Func<RingwireDeviceOptions, RingwireDeviceOptions>? change = null)
    {
        await server.RegisterIosAsync(token, "b-phone");
        var system = new FakeCallSystem();
        var options = Devices.Options(address, "b-phone", token);
        return (new RingwireDevice(change?.Invoke(options) ?? options, system), system);
    }

    private static Task WhenEnded(RingwireDevice device, Guid uuid)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        device.CallEnded += (u, _) =>
        {
            if (u == uuid)
            {
                ended.TrySetResult();
            }
        };
        return ended.Task;
    }

    [Fact]
    public async Task Push_IsClaimedAndReportedOnTheServer()
    {
        await using var server = await ServerFixture.StartAsync();
        var bob = await server.TokenAsync("bob");
        var (device, system) = await PhoneAsync(server, server.BaseAddress, bob);
        await using var _device = device;
        var callId = await server.PlaceCallAsync("alice", "bob");

        device.DidReceiveIncomingVoipPush(Pushes.For(callId, mustReport: true), () => { });
        await device.StartAsync().WithTimeout();

        await Eventually(async () =>
        {
            var leg = (await server.GetCallAsync(callId))["legs"]!.AsArray().Single(l => l!["deviceId"]!.GetValue<string>() == "b-phone")!;
            return leg["claimedAt"] is not null && leg["reportedAt"] is not null;
        });
        Assert.Equal(DeviceCallState.Ringing, Assert.Single(device.Calls).State);
        Assert.Empty(system.Current.Ends);
    }

    [Fact]
    public async Task Answer_IsHeldUntilTheServerGrantsIt()
    {
        await using var server = await ServerFixture.StartAsync();
        var bob = await server.TokenAsync("bob");
        await using var proxy = NetworkPath.To(server.BaseAddress);
        proxy.Down = true;
        var (device, system) = await PhoneAsync(server, proxy.Address, bob);
        await using var _device = device;
        var callId = await server.PlaceCallAsync("alice", "bob");
        device.DidReceiveIncomingVoipPush(Pushes.For(callId), () => { });

        await device.Answer(callId).WithTimeout();
        var action = system.Actions.Single(a => a.Kind == CallActionKind.Answer);
        Assert.False(action.IsComplete);
        Assert.Equal(DeviceCallState.Answering, Assert.Single(device.Calls).State);

        proxy.Down = false;
        await system.WhenAsync(() => action.IsComplete).WithTimeout();

        Assert.Equal(CallActionResult.Fulfilled, action.Result);
        Assert.Equal("b-phone", (await server.GetCallAsync(callId))["answeredBy"]!.GetValue<string>());
        Assert.Equal(DeviceCallState.Answered, Assert.Single(device.Calls).State);
        Assert.Empty(system.Current.Ends);
    }

    [Fact]
    public async Task Answer_WhenAnotherDeviceAnsweredFirst_FailsTheActionAndEndsAnsweredElsewhere()
    {
        await using var server = await ServerFixture.StartAsync();
        var bob = await server.TokenAsync("bob");
        await server.RegisterWebAsync(bob, "b-web");
        await using var proxy = NetworkPath.To(server.BaseAddress);
        proxy.Down = true;
        var (device, system) = await PhoneAsync(server, proxy.Address, bob);
        await using var _device = device;
        var callId = await server.PlaceCallAsync("alice", "bob");
        device.DidReceiveIncomingVoipPush(Pushes.For(callId), () => { });
        await device.Answer(callId).WithTimeout();
        var action = system.Actions.Single(a => a.Kind == CallActionKind.Answer);

        await server.ActAsync(bob, callId, "answer", "b-web");
        proxy.Down = false;
        await system.WhenAsync(() => action.IsComplete).WithTimeout();

        Assert.Equal(CallActionResult.Failed, action.Result);
        await system.WhenAsync(() => system.Current.WasEnded(callId, CallEndedReason.AnsweredElsewhere)).WithTimeout();
        Assert.Single(system.Current.Ends);
    }

    [Fact]
    public async Task End_WhileRinging_DeclinesOnTheServer_AndIsFulfilledAtOnce()
    {
        await using var server = await ServerFixture.StartAsync();
        var bob = await server.TokenAsync("bob");
        await using var proxy = NetworkPath.To(server.BaseAddress);
        proxy.Down = true;
        var (device, system) = await PhoneAsync(server, proxy.Address, bob);
        await using var _device = device;
        var callId = await server.PlaceCallAsync("alice", "bob");
        device.DidReceiveIncomingVoipPush(Pushes.For(callId), () => { });

        await device.End(callId).WithTimeout();

        Assert.Equal(CallActionResult.Fulfilled, system.Actions.Single(a => a.Kind == CallActionKind.End).Result);
        proxy.Down = false;
        await Eventually(async () => (await server.GetCallAsync(callId))["state"]!.GetValue<string>() == "declined");
        Assert.Empty(system.Current.Ends);
    }

    [Fact]
    public async Task Push_WhileInACall_WithNoCallWaiting_DeclinesBusyOnTheServer()
    {
        await using var server = await ServerFixture.StartAsync();
        var bob = await server.TokenAsync("bob");
        var (device, system) = await PhoneAsync(server, server.BaseAddress, bob, o => o with { CallWaiting = CallWaiting.Busy });
        await using var _device = device;
        var first = await server.PlaceCallAsync("alice", "bob");
        device.DidReceiveIncomingVoipPush(Pushes.For(first), () => { });
        await device.Answer(first).WithTimeout();
        await system.WhenAsync(() => system.Actions.Single().IsComplete).WithTimeout();
        var second = await server.PlaceCallAsync("carol", "bob");

        device.DidReceiveIncomingVoipPush(Pushes.For(second, from: "carol"), () => { });

        Assert.Equal(CallActionResult.Fulfilled, system.Actions.Single().Result);
        Assert.True(system.Current.Reports.All(r => r.Uuid == first), string.Join(", ", device.Calls));
        await Eventually(async () => (await server.GetCallAsync(second))["state"]!.GetValue<string>() == "declined");
        Assert.Equal("busy", (await server.GetCallAsync(second))["endReason"]!.GetValue<string>());
        Assert.Equal("answered", (await server.GetCallAsync(first))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reconnect_ReclaimsLiveCalls_AndEndsThoseThatEndedMeanwhile()
    {
        await using var server = await ServerFixture.StartAsync();
        var bob = await server.TokenAsync("bob");
        await using var proxy = NetworkPath.To(server.BaseAddress);
        var (device, system) = await PhoneAsync(server, proxy.Address, bob);
        await using var _device = device;
        await device.StartAsync().WithTimeout();
        var callId = await server.PlaceCallAsync("alice", "bob");
        device.DidReceiveIncomingVoipPush(Pushes.For(callId), () => { });
        await Eventually(async () => (await server.GetCallAsync(callId))["legs"]![0]!["claimedAt"] is not null);
        var dropped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        device.Disconnected += _ => dropped.TrySetResult();

        proxy.Down = true;
        await dropped.Task.WithTimeout();
        await server.SendAsync(HttpMethod.Post, $"/v1/calls/{callId}/end", null, null);
        Assert.Empty(system.Current.Ends);
        proxy.Down = false;

        await system.WhenAsync(() => system.Current.WasEnded(callId, CallEndedReason.RemoteEnded)).WithTimeout();
    }

    [Fact]
    public async Task ProviderReset_HangsUpAnsweredCalls_AndLeavesRingingOnesAlone()
    {
        await using var server = await ServerFixture.StartAsync();
        var bob = await server.TokenAsync("bob");
        var (device, system) = await PhoneAsync(server, server.BaseAddress, bob);
        await using var _device = device;
        var answered = await server.PlaceCallAsync("alice", "bob");
        var ringing = await server.PlaceCallAsync("carol", "bob");
        device.DidReceiveIncomingVoipPush(Pushes.For(answered), () => { });
        device.DidReceiveIncomingVoipPush(Pushes.For(ringing, from: "carol"), () => { });
        await device.Answer(answered).WithTimeout();
        await system.WhenAsync(() => system.Actions.Single().IsComplete).WithTimeout();
        var dead = system.Current;

        device.ProviderDidReset(dead);

        await Eventually(async () => (await server.GetCallAsync(answered))["state"]!.GetValue<string>() == "ended");
        Assert.Equal("ringing", (await server.GetCallAsync(ringing))["state"]!.GetValue<string>());
        Assert.Empty(dead.Ends);
        Assert.All(device.Calls, c => Assert.Equal(DeviceCallState.Ended, c.State));
        Assert.Equal(2, system.Providers.Count);
    }

    [Fact]
    public async Task PlaceCall_ReportsConnectingOnTheStart_AndConnectedOnlyWhenTheServerSaysTheCalleeAnswered()
    {
        await using var server = await ServerFixture.StartAsync();
        var (device, system, bob) = await CallerAsync(server);
        await using var _device = device;

        var call = await device.PlaceCallAsync("bob").WithTimeout();
        await device.StartAsync().WithTimeout();

        Assert.Equal(CallActionResult.Fulfilled, system.Actions.Single(a => a.Kind == CallActionKind.Start).Result);
        Assert.Equal(["connecting"], system.Current.OutgoingReportsOf(call.CallId));
        Assert.Equal(DeviceCallState.Ringing, Assert.Single(device.Calls).State);

        await server.ActAsync(bob, call.CallId, "answer", "b-phone");

        await system.WhenAsync(() => system.Current.OutgoingReportsOf(call.CallId).Count == 2).WithTimeout();
        Assert.Equal(["connecting", "connected"], system.Current.OutgoingReportsOf(call.CallId));
        Assert.Equal(DeviceCallState.Answered, Assert.Single(device.Calls).State);
    }

    [Fact]
    public async Task PlaceCall_AnsweredBeforeTheStartIsPerformed_ReportsConnectedRightAfterConnecting()
    {
        await using var server = await ServerFixture.StartAsync();
        var (device, system, bob) = await CallerAsync(server);
        await using var _device = device;
        system.HoldTransactions = true;
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        device.CallChanged += c =>
        {
            if (c.State == DeviceCallState.Answered)
            {
                answered.TrySetResult();
            }
        };

        var call = await device.PlaceCallAsync("bob").WithTimeout();
        await server.ActAsync(bob, call.CallId, "answer", "b-phone");
        await answered.Task.WithTimeout();
        Assert.Empty(system.Current.OutgoingReportsOf(call.CallId));

        system.Handler!.PerformAction(system.Current, system.Actions.Single(a => a.Kind == CallActionKind.Start));

        Assert.Equal(["connecting", "connected"], system.Current.OutgoingReportsOf(call.CallId));
    }

    [Fact]
    public async Task PlaceCall_DeclinedByTheCallee_NeverReportsConnected()
    {
        await using var server = await ServerFixture.StartAsync();
        var (device, system, bob) = await CallerAsync(server);
        await using var _device = device;
        var call = await device.PlaceCallAsync("bob").WithTimeout();
        await device.StartAsync().WithTimeout();

        await server.ActAsync(bob, call.CallId, "decline", "b-phone");

        await system.WhenAsync(() => system.Current.WasEnded(call.CallId, CallEndedReason.RemoteEnded)).WithTimeout();
        Assert.Equal(["connecting"], system.Current.OutgoingReportsOf(call.CallId));
    }

    /// <summary>alice's phone, the caller, and bob's phone (acting through the REST API) to answer it; returns bob's token too.</summary>
    private static async Task<(RingwireDevice Device, FakeCallSystem System, string Bob)> CallerAsync(ServerFixture server)
    {
        var alice = await server.TokenAsync("alice");
        var bob = await server.TokenAsync("bob");
        await server.RegisterIosAsync(alice, "a-phone");
        await server.RegisterIosAsync(bob, "b-phone");
        var system = new FakeCallSystem();
        return (new RingwireDevice(Devices.Options(server.BaseAddress, "a-phone", alice), system), system, bob);
    }

    /// <summary>Polls the server (never sleeps blindly): each check is a real request, bounded overall by the test timeout.</summary>
    private static async Task Eventually(Func<Task<bool>> check)
    {
        using var timeout = new CancellationTokenSource(TestTimeout.Default);
        while (!await check())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
