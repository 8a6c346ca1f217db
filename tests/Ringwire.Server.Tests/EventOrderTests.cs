using System.Net;
using Ringwire.Core;
using Ringwire.Server.Calls;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

/// <summary>
/// With several nodes, a device hears of a change from its own node or from another node's notice, read late, so
/// versions can come twice or out of order; a connection passes on only versions newer than it was told.
/// </summary>
public sealed class EventOrderTests
{
    [Fact]
    public async Task OlderVersionAfterTheCallEnded_DoesNotRingAgain()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterWebDeviceAsync(bob, "b-web");
        await using var bobs = await host.ConnectReadyAsync(bob, "b-web");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await bobs.NextAsync(SocketMessages.Event("incoming", callId));
        var ringing = (await host.Calls.GetAsync(Guid.Parse(callId), default))!;
        (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);
        await bobs.NextAsync(SocketMessages.Event("cancelled", callId));

        // A stale read of version 1, and the last version again, delivered after the end.
        var events = host.Service<CallEvents>();
        events.Deliver(ringing);
        events.Deliver((await host.Calls.GetAsync(Guid.Parse(callId), default))!);

        var about = (await bobs.DrainAsync()).Where(m => SocketMessages.IsAbout(m, callId)).Select(m => m.Str("event"));
        Assert.Equal(["incoming", "cancelled"], about);
        Assert.Equal(CallState.Ringing, ringing.State);
    }
}
