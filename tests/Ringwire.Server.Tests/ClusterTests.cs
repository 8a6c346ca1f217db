using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Ringwire.Server.Cluster;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

/// <summary>
/// Two nodes in this process on one PostgreSQL database and one manual clock: events across nodes, the listener's
/// reconnection and re-sync, presence seen from another node, and the sweep that ends a stopped node's calls.
/// </summary>
public sealed class ClusterTests
{
    private static DateTimeOffset Time(JsonNode node, string name) =>
        DateTimeOffset.Parse(node.Str(name)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static CallNoticeListener Listener(RingwireHost host) =>
        host.Services.GetServices<IHostedService>().OfType<CallNoticeListener>().Single();

    /// <summary>A second node on the first one's database and clock, listening before this returns.</summary>
    private static async Task<(RingwireHost First, RingwireHost Second)> TwoNodesAsync(Dictionary<string, string?>? settings = null)
    {
        var first = await RingwireHost.StartAsync(settings);
        RingwireHost? second = null;
        try
        {
            var shared = new Dictionary<string, string?>(settings ?? [])
            {
                ["Ringwire:Storage:ConnectionString"] = first.Settings["Ringwire:Storage:ConnectionString"],
            };
            second = await RingwireHost.StartAsync(shared, first.Clock);
            await Listener(first).Listening.DefaultTimeout();
            await Listener(second).Listening.DefaultTimeout();
            return (first, second);
        }
        catch
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            await first.DisposeAsync();
            throw;
        }
    }

    [PostgresFact]
    public async Task ChangesOnOneNode_ReachTheDevicesOnTheOther()
    {
        var (first, second) = await TwoNodesAsync();
        await using var _ = first;
        await using var __ = second;
        var alice = await first.UserAsync("alice");
        var bob = await first.UserAsync("bob");
        await first.RegisterWebDeviceAsync(bob, "b-web");
        await first.RegisterWebDeviceAsync(alice, "a-web");
        await using var bobs = await second.ConnectReadyAsync(bob, "b-web");
        await using var alices = await second.ConnectReadyAsync(alice, "a-web");

        var callId = (await first.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await bobs.NextAsync(SocketMessages.Event("incoming", callId));
        await alices.NextAsync(SocketMessages.Event("incoming", callId));
        (await first.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);

        var cancelled = await bobs.NextAsync(SocketMessages.Event("cancelled", callId));
        Assert.Equal("remoteEnded", cancelled.Str("endReason"));
        Assert.Equal(2, cancelled["call"]!["version"]!.GetValue<int>());
        await alices.NextAsync(SocketMessages.Event("cancelled", callId));
        // Each change once: the node's own event and the notice it also heard do not make two.
        Assert.Single(await bobs.DrainAsync(), m => SocketMessages.IsAbout(m, callId) && m.Str("event") == "cancelled");
    }

    [PostgresFact]
    public async Task ListenerDropped_ListensAgainAndResendsWhatTheDevicesMissed()
    {
        var (first, second) = await TwoNodesAsync();
        await using var _ = first;
        await using var __ = second;
        var alice = await first.UserAsync("alice");
        var bob = await first.UserAsync("bob");
        await first.RegisterWebDeviceAsync(bob, "b-web");
        await first.RegisterWebDeviceAsync(bob, "b-web-2");
        await using var bobsOnSecond = await second.ConnectReadyAsync(bob, "b-web");
        await using var bobsOnFirst = await first.ConnectReadyAsync(bob, "b-web-2");
        var callId = (await first.PlaceCallAsync(alice, "bob", b => b["ringSeconds"] = 60)).Str("callId")!;
        await bobsOnSecond.NextAsync(SocketMessages.Event("incoming", callId));

        // Cut the second node's listening session, and wait until it is gone and the node waits to try again
        // (on the manual clock, so it stays deaf until the clock moves).
        var listener = Listener(second);
        var retryArmed = second.Clock.WhenArmedAsync(at => at <= second.Clock.GetUtcNow().AddSeconds(1));
        await TerminateAsync(first.Settings["Ringwire:Storage:ConnectionString"]!, listener.SessionName);
        await retryArmed.DefaultTimeout();

        // Answered on the first node while the second hears nothing.
        (await first.ActAsync(bob, callId, "answer", "b-web-2")).Expect(HttpStatusCode.OK);
        await bobsOnFirst.NextAsync(SocketMessages.Event("answered", callId));

        second.Clock.Advance(TimeSpan.FromSeconds(1));
        await listener.Listening.DefaultTimeout();
        var answered = await bobsOnSecond.NextAsync(SocketMessages.Event("answered", callId));
        Assert.Equal("answeredElsewhere", answered.Str("endReason"));

        // Listening again for real: the next change comes as a notice.
        (await first.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);
        await bobsOnSecond.NextAsync(SocketMessages.Event("ended", callId));
    }

    [PostgresFact]
    public async Task ClaimTimeout_CountsADeviceConnectedToAnotherNode()
    {
        var settings = new Dictionary<string, string?> { ["Ringwire:Ringing:ClaimTimeoutSeconds"] = "5" };
        var (first, second) = await TwoNodesAsync(settings);
        await using var _ = first;
        await using var __ = second;
        var alice = await first.UserAsync("alice");
        var bob = await first.UserAsync("bob");
        await first.RegisterDeviceAsync(bob, "b-phone");
        await first.RegisterWebDeviceAsync(bob, "b-web");
        await using var bobs = await second.ConnectReadyAsync(bob, "b-web");
        var call = await first.PlaceCallAsync(alice, "bob", b => b["ringSeconds"] = 30);
        var callId = call.Str("callId")!;
        await first.Calls.WaitForTraceAsync(callId, "push.sent").DefaultTimeout();

        // The first node's claim timer fires; the phone never claimed, but bob's web device is connected to the second.
        var lookedAgain = first.Clock.WhenArmedAsync(at => at == Time(call, "ringUntil"));
        first.Clock.AdvanceTo(Time(call, "createdAt").AddSeconds(5));
        await lookedAgain.DefaultTimeout();
        Assert.Equal("ringing", (await first.GetCallAsync(alice, callId)).Str("state"));
    }

    [PostgresFact]
    public async Task NodeStopped_ItsRingingCallEndsByTheOtherNodesSweep()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ringwire:Cluster:SweepSeconds"] = "1",
            ["Ringwire:Cluster:SweepGraceSeconds"] = "1",
        };
        var (first, second) = await TwoNodesAsync(settings);
        await using var _ = first;
        await using var __ = second;
        var alice = await first.UserAsync("alice");
        var bob = await first.UserAsync("bob");
        await first.RegisterWebDeviceAsync(bob, "b-web");
        await using var bobs = await second.ConnectReadyAsync(bob, "b-web");
        var call = await first.PlaceCallAsync(alice, "bob", b => b["ringSeconds"] = 10);
        var callId = call.Str("callId")!;
        await bobs.NextAsync(SocketMessages.Event("incoming", callId));

        // The node that placed the call, and armed its timer, goes away.
        await first.StopAsync();
        var ringUntil = Time(call, "ringUntil");
        second.Clock.AdvanceTo(ringUntil);
        Assert.Equal("ringing", (await second.GetCallAsync(alice, callId)).Str("state"));
        second.Clock.AdvanceTo(ringUntil.AddSeconds(2));

        var missed = await bobs.NextAsync(SocketMessages.Event("missed", callId));
        Assert.Equal("unanswered", missed.Str("endReason"));
        var ended = await second.GetCallAsync(alice, callId);
        Assert.Equal("ring_timeout", ended.Str("endReason"));
        Assert.Equal(["created", "missed"], await second.TraceTypesAsync(alice, callId));
    }

    /// <summary>Ends a session by its application name and returns once PostgreSQL no longer lists it.</summary>
    private static async Task TerminateAsync(string connectionString, string applicationName)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync().DefaultTimeout();
        await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name;", connection);
        terminate.Parameters.AddWithValue("name", applicationName);
        Assert.Equal(1L, await terminate.ExecuteScalarAsync().DefaultTimeout());
        await using var gone = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = @name;", connection);
        gone.Parameters.AddWithValue("name", applicationName);
        var deadline = DateTime.UtcNow + TestTimeout.Default;
        // A round trip per look, paced by the server; the backend exits within milliseconds of the signal.
        while ((long)(await gone.ExecuteScalarAsync().DefaultTimeout())! != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"session {applicationName} still listed");
        }
    }
}
