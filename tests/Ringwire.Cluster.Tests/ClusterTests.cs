using System.Globalization;
using System.Text.Json.Nodes;

namespace Ringwire.Cluster.Tests;

/// <summary>
/// Real server processes on one PostgreSQL: a change made on one node reaches the devices on the others, an answer
/// race across nodes has one winner, and the calls of a node killed mid-ring still end on time.
/// </summary>
public sealed class ClusterTests
{
    private static readonly object WebDevice = new { platform = "web" };

    private static Func<JsonNode, bool> Event(string name, string callId) => m =>
        m.Str("type") == "call" && m.Str("event") == name && m["call"].Str("callId") == callId;

    private static DateTimeOffset Time(JsonNode call, string name) =>
        DateTimeOffset.Parse(call.Str(name)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [ClusterFact]
    public async Task AnswerOnOneNode_EndsTheRingingOnAnotherAndTellsTheCallerOnAThird()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var (one, two, three) = (cluster.Apis[0], cluster.Apis[1], cluster.Apis[2]);
        var alice = await one.TokenAsync("alice");
        var bob = await two.TokenAsync("bob");
        await one.RegisterAsync(alice, "a-web", WebDevice);
        await two.RegisterAsync(bob, "b-web-2", WebDevice);
        await three.RegisterAsync(bob, "b-web-3", WebDevice);
        await using var callerOnOne = await DeviceSocket.ConnectReadyAsync(one.Node.BaseAddress, alice, "a-web");
        await using var calleeOnTwo = await DeviceSocket.ConnectReadyAsync(two.Node.BaseAddress, bob, "b-web-2");
        await using var calleeOnThree = await DeviceSocket.ConnectReadyAsync(three.Node.BaseAddress, bob, "b-web-3");

        var callId = (await one.PlaceCallAsync(alice, "bob", 30)).Str("callId")!;
        await calleeOnTwo.NextAsync(Event("incoming", callId));
        await calleeOnThree.NextAsync(Event("incoming", callId));
        var reply = await calleeOnTwo.RequestAsync("answer", callId);

        Assert.Equal("answered", reply["call"].Str("state"));
        var elsewhere = await calleeOnThree.NextAsync(Event("answered", callId));
        Assert.Equal("answeredElsewhere", elsewhere.Str("endReason"));
        Assert.Equal("b-web-2", elsewhere["call"].Str("answeredBy"));
        var toCaller = await callerOnOne.NextAsync(Event("answered", callId));
        Assert.Null(toCaller.Str("endReason"));
    }

    [ClusterFact]
    public async Task BothDevicesAnswerAtOnceOnDifferentNodes_ExactlyOneWins()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var (one, two, three) = (cluster.Apis[0], cluster.Apis[1], cluster.Apis[2]);
        var alice = await one.TokenAsync("alice");
        var bob = await one.TokenAsync("bob");
        await one.RegisterAsync(bob, "b-web-2", WebDevice);
        await one.RegisterAsync(bob, "b-web-3", WebDevice);
        await using var onTwo = await DeviceSocket.ConnectReadyAsync(two.Node.BaseAddress, bob, "b-web-2");
        await using var onThree = await DeviceSocket.ConnectReadyAsync(three.Node.BaseAddress, bob, "b-web-3");

        var wins = new Dictionary<string, int> { ["b-web-2"] = 0, ["b-web-3"] = 0 };
        for (var round = 0; round < 200; round++)
        {
            var callId = (await one.PlaceCallAsync(alice, "bob", 30)).Str("callId")!;
            var replies = await Task.WhenAll(onTwo.RequestAsync("answer", callId), onThree.RequestAsync("answer", callId));

            var won = replies.Where(r => r.Str("type") == "call").ToArray();
            var lost = replies.Where(r => r.Str("type") == "error").ToArray();
            Assert.True(won.Length == 1 && lost.Length == 1, $"round {round}: {replies[0].ToJsonString()} / {replies[1].ToJsonString()}");
            Assert.Equal("answered", won[0]["call"].Str("state"));
            Assert.Equal("answered_elsewhere", lost[0].Str("code"));
            wins[won[0]["call"].Str("answeredBy")!]++;
        }

        // Both nodes won some: the race was real, not one node always first.
        Assert.All(wins.Values, w => Assert.True(w > 0, $"wins: {string.Join(", ", wins)}"));
    }

    [ClusterFact]
    public async Task NodeKilledWithRingingCalls_EveryCallStillEndsOnTime()
    {
        await using var cluster = await TestCluster.StartAsync(3, new Dictionary<string, string>
        {
            ["Ringwire__Ringing__ClaimTimeoutSeconds"] = "2",
            ["Ringwire__Cluster__SweepSeconds"] = "0.5",
            ["Ringwire__Cluster__SweepGraceSeconds"] = "0.5",
        });
        var (one, two, three) = (cluster.Apis[0], cluster.Apis[1], cluster.Apis[2]);
        var alice = await one.TokenAsync("alice");
        await two.RegisterAsync(alice, "a-web", WebDevice);
        await using var caller = await DeviceSocket.ConnectReadyAsync(two.Node.BaseAddress, alice, "a-web");

        // Ten callees. Even ones have a web device connected to node 2 or 3: their calls ring to the end and are
        // missed. Odd ones have only an iPhone that never claims: their calls end unreachable at the claim timeout.
        List<DeviceSocket> callees = [];
        await using var _ = new DisposeAll(callees);
        for (var i = 0; i < 10; i++)
        {
            var token = await one.TokenAsync($"c{i}");
            if (i % 2 == 0)
            {
                var node = i % 4 == 0 ? two : three;
                await node.RegisterAsync(token, $"c{i}-web", WebDevice);
                callees.Add(await DeviceSocket.ConnectReadyAsync(node.Node.BaseAddress, token, $"c{i}-web"));
            }
            else
            {
                await one.RegisterAsync(token, $"c{i}-phone", new { platform = "ios", voipToken = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "00000000000000000000000000000000" });
            }
        }

        var placing = Enumerable.Range(0, 100).Select(n => one.PlaceCallAsync(alice, $"c{n % 10}", 5)).ToArray();
        var calls = await Task.WhenAll(placing);
        cluster.Apis[0].Node.Kill();

        foreach (var call in calls)
        {
            var callId = call.Str("callId")!;
            var callee = int.Parse(call.Str("to")![1..], CultureInfo.InvariantCulture);
            var (state, reason) = callee % 2 == 0 ? ("missed", "ring_timeout") : ("unreachable", "claim_timeout");
            var ringUntil = Time(call, "ringUntil");
            var waitFor = ringUntil.AddSeconds(4) - DateTimeOffset.UtcNow;
            var (ended, at) = await caller.NextArrivalAsync(Event(state, callId), waitFor > TimeSpan.Zero ? waitFor : TimeSpan.FromSeconds(1));
            Assert.Equal(reason, ended["call"].Str("endReason"));
            Assert.True(at <= ringUntil.AddSeconds(2), $"call {callId} to c{callee} ended {state} at {at:O}, more than 2 s after {ringUntil:O}");
            if (callee % 2 == 0)
            {
                var missed = await callees[callee / 2].NextAsync(Event("missed", callId));
                Assert.Equal("unanswered", missed.Str("endReason"));
            }
        }
    }

    /// <summary>Disposes the devices in a list filled after it was made.</summary>
    private sealed class DisposeAll(List<DeviceSocket> devices) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
        }
    }
}
