using Ringwire.Core;
using Ringwire.Lab.Network;

namespace Ringwire.Client.Tests;

/// <summary>RingwireChannel against the real server: hello, replies, errors, events.</summary>
public sealed class ChannelTests
{
    private static RingwireChannel Channel(Uri server, string deviceId, string token) => new(new RingwireChannelOptions
    {
        Server = server,
        DeviceId = deviceId,
        UserToken = _ => ValueTask.FromResult(token),
        Backoff = new ReconnectBackoff { Minimum = TimeSpan.FromMilliseconds(20), Maximum = TimeSpan.FromMilliseconds(200) },
    });

    [Fact]
    public async Task Hello_GivesTheServerClockOffset()
    {
        // The server's clock is fixed in March 2026; the client's is the real one.
        var serverClock = new ManualClock();
        await using var server = await ServerFixture.StartAsync(serverClock);
        var bob = await server.TokenAsync("bob");
        await server.RegisterWebAsync(bob, "b-web");
        await using var channel = Channel(server.BaseAddress, "b-web", bob);

        await channel.WaitConnectedAsync().WithTimeout();

        var expected = ManualClock.DefaultStart - DateTimeOffset.UtcNow;
        Assert.InRange(channel.ServerClockOffset!.Value.TotalSeconds, expected.TotalSeconds - 5, expected.TotalSeconds + 1);
        await channel.PingAsync().WithTimeout();
    }

    [Fact]
    public async Task ClaimAnswerEnd_ReturnTheCall_AndErrorsCarryTheirCode()
    {
        await using var server = await ServerFixture.StartAsync();
        var bob = await server.TokenAsync("bob");
        await server.RegisterWebAsync(bob, "b-web");
        await server.RegisterWebAsync(bob, "b-desk");
        await using var web = Channel(server.BaseAddress, "b-web", bob);
        await using var desk = Channel(server.BaseAddress, "b-desk", bob);
        await web.WaitConnectedAsync().WithTimeout();
        var callId = await server.PlaceCallAsync("alice", "bob");

        var claim = await web.ClaimAsync(callId).WithTimeout();
        Assert.True(claim.Succeeded);
        Assert.Equal(CallState.Ringing, claim.Call!.Call.State);
        Assert.Equal("Alice", claim.Call.Call.CallerName);
        Assert.Null(claim.Call.Event);

        var answer = await web.AnswerAsync(callId).WithTimeout();
        Assert.Equal(CallState.Answered, answer.Call!.Call.State);
        Assert.Equal("b-web", answer.Call.Call.AnsweredBy);
        Assert.Null(answer.Call.EndReason);

        Assert.Equal(ChannelErrorCode.AnsweredElsewhere, (await desk.AnswerAsync(callId).WithTimeout()).Error);

        var end = await web.EndAsync(callId).WithTimeout();
        Assert.Equal(CallState.Ended, end.Call!.Call.State);
        Assert.Equal(EndReason.Hangup, end.Call.Call.EndReason);

        Assert.Equal(ChannelErrorCode.CallEnded, (await desk.DeclineAsync(callId, busy: false).WithTimeout()).Error);
        Assert.Equal(ChannelErrorCode.NotFound, (await web.ClaimAsync(Guid.NewGuid()).WithTimeout()).Error);
        Assert.Null(await web.ReportedAsync(callId, null).WithTimeout());
        Assert.Equal(ChannelErrorCode.NotFound, await web.ReportedAsync(Guid.NewGuid(), true).WithTimeout());
    }

    [Fact]
    public async Task DeclineBusy_EndsTheCallDeclinedBusy()
    {
        await using var server = await ServerFixture.StartAsync();
        var bob = await server.TokenAsync("bob");
        await server.RegisterWebAsync(bob, "b-web");
        await using var web = Channel(server.BaseAddress, "b-web", bob);
        await web.WaitConnectedAsync().WithTimeout();
        var callId = await server.PlaceCallAsync("alice", "bob");

        var reply = await web.DeclineAsync(callId, busy: true).WithTimeout();

        Assert.Equal(CallState.Declined, reply.Call!.Call.State);
        Assert.Equal(EndReason.Busy, reply.Call.Call.EndReason);
        Assert.Equal("busy", (await server.GetCallAsync(callId))["endReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Events_ReachSubscribers_WithTheDevicesEndReason()
    {
        await using var server = await ServerFixture.StartAsync();
        var bob = await server.TokenAsync("bob");
        await server.RegisterWebAsync(bob, "b-web");
        await server.RegisterWebAsync(bob, "b-desk");
        await using var web = Channel(server.BaseAddress, "b-web", bob);
        await using var desk = Channel(server.BaseAddress, "b-desk", bob);
        var answeredElsewhere = new TaskCompletionSource<CallEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        desk.CallReceived += e =>
        {
            if (e.Event == "answered")
            {
                answeredElsewhere.TrySetResult(e);
            }
        };
        await desk.WaitConnectedAsync().WithTimeout();
        var callId = await server.PlaceCallAsync("alice", "bob");

        await web.AnswerAsync(callId).WithTimeout();

        var seen = await answeredElsewhere.Task.WithTimeout();
        Assert.Equal(callId, seen.Call.CallId);
        Assert.Equal(DeviceEndReason.AnsweredElsewhere, seen.EndReason);
    }

    [Fact]
    public async Task Request_WhileDisconnected_WaitsForTheConnection()
    {
        await using var server = await ServerFixture.StartAsync();
        var bob = await server.TokenAsync("bob");
        await server.RegisterWebAsync(bob, "b-web");
        await server.RegisterWebAsync(bob, "b-keep");
        await using var keep = Channel(server.BaseAddress, "b-keep", bob);
        await keep.WaitConnectedAsync().WithTimeout();
        await using var proxy = NetworkPath.To(server.BaseAddress);
        proxy.Down = true;
        await using var web = Channel(proxy.Address, "b-web", bob);
        var callId = await server.PlaceCallAsync("alice", "bob");

        var claim = web.ClaimAsync(callId);
        Assert.False(claim.IsCompleted);
        proxy.Down = false;

        Assert.Equal(CallState.Ringing, (await claim.WithTimeout()).Call!.Call.State);
    }

    [Fact]
    public async Task Drop_ReconnectsByItself()
    {
        await using var server = await ServerFixture.StartAsync();
        var bob = await server.TokenAsync("bob");
        await server.RegisterWebAsync(bob, "b-web");
        await using var proxy = NetworkPath.To(server.BaseAddress);
        await using var web = Channel(proxy.Address, "b-web", bob);
        var connections = 0;
        var twice = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dropped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        web.Connected += () =>
        {
            if (Interlocked.Increment(ref connections) == 2)
            {
                twice.TrySetResult();
            }
        };
        web.Disconnected += _ => dropped.TrySetResult();
        await web.WaitConnectedAsync().WithTimeout();

        proxy.Cut();

        await dropped.Task.WithTimeout();
        await twice.Task.WithTimeout();
        await web.PingAsync().WithTimeout();
    }
}
