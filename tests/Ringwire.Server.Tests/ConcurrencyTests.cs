using System.Net;
using System.Text.Json.Nodes;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

public sealed class ConcurrencyTests
{
    private const int Rounds = 200;

    [Fact]
    public async Task TwoDevicesAnsweringAtOnceOverRest_ExactlyOneWins_200Times()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterWebDeviceAsync(bob, "b-1");
        await host.RegisterWebDeviceAsync(bob, "b-2");
        await using var keepsItRinging = await host.ConnectReadyAsync(bob, "b-1");

        for (var round = 0; round < Rounds; round++)
        {
            var callId = await PlaceAsync(host);
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var first = Task.Run(async () => { await go.Task; return await host.ActAsync(bob, callId, "answer", "b-1"); });
            var second = Task.Run(async () => { await go.Task; return await host.ActAsync(bob, callId, "answer", "b-2"); });
            go.SetResult();
            var results = await Task.WhenAll(first, second).DefaultTimeout();

            var winner = Assert.Single(results, r => r.Status == HttpStatusCode.OK);
            var loser = Assert.Single(results, r => r.Status != HttpStatusCode.OK);
            loser.ExpectProblem(HttpStatusCode.Conflict, "answered_elsewhere");
            var call = await host.GetCallAsync(bob, callId);
            Assert.Equal("answered", call.Str("state"));
            Assert.Equal(2, call.Long("version"));
            Assert.Equal(winner.Body.Str("answeredBy"), call.Str("answeredBy"));
            Assert.Equal(1, (await host.TraceTypesAsync(bob, callId)).Count(t => t == "answered"));
        }

    }

    [Fact]
    public async Task TwoDevicesAnsweringAtOnceOverTheirSockets_ExactlyOneWins_200Times()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterWebDeviceAsync(bob, "b-1");
        await host.RegisterWebDeviceAsync(bob, "b-2");
        await using var one = await host.ConnectReadyAsync(bob, "b-1");
        await using var two = await host.ConnectReadyAsync(bob, "b-2");

        for (var round = 0; round < Rounds; round++)
        {
            var callId = await PlaceAsync(host);
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var first = Task.Run(async () => { await go.Task; return await one.RequestAsync("answer", callId); });
            var second = Task.Run(async () => { await go.Task; return await two.RequestAsync("answer", callId); });
            go.SetResult();
            var replies = await Task.WhenAll(first, second).DefaultTimeout();

            var winner = Assert.Single(replies, r => r.Str("type") == "call");
            var loser = Assert.Single(replies, r => r.Str("type") == "error");
            Assert.Equal("answered_elsewhere", loser.Str("code"));
            Assert.Equal("answered", winner["call"].Str("state"));
            var call = await host.GetCallAsync(bob, callId);
            Assert.Equal(winner["call"].Str("answeredBy"), call.Str("answeredBy"));
            Assert.Equal(2, call.Long("version"));
        }

    }

    private static async Task<string> PlaceAsync(RingwireHost host)
    {
        // Through the API key, which no per-user rate limit holds back.
        var response = await host.SendAsync(HttpMethod.Post, "/v1/calls", new JsonObject { ["to"] = "bob", ["from"] = "alice" }, apiKey: true);
        return response.Expect(HttpStatusCode.Created).Str("callId")!;
    }
}
