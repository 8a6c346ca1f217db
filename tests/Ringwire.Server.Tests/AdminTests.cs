using System.Net;
using System.Text.Json.Nodes;
using Ringwire.Push;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

/// <summary>The operator's read API (<c>/v1/admin/…</c>): API key only, every user's calls and devices, push outcomes.</summary>
public sealed class AdminTests
{
    public static TheoryData<string> Endpoints => ["/v1/admin/calls", "/v1/admin/devices", "/v1/admin/push-outcomes"];

    private static Task<ApiResponse> AdminAsync(RingwireHost host, string path) => host.SendAsync(HttpMethod.Get, path, apiKey: true);

    private static async Task<string> PlaceAsync(RingwireHost host, string from, string to)
    {
        var response = await host.SendAsync(HttpMethod.Post, "/v1/calls", new { from, to }, apiKey: true);
        return response.Expect(HttpStatusCode.Created).Str("callId")!;
    }

    private static string[] CallIds(JsonNode body) => [.. body.Array("calls").Select(c => c.Str("callId")!)];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Admin_WithoutCredentials_IsUnauthorized(string path)
    {
        await using var host = await RingwireHost.StartAsync();

        (await host.SendAsync(HttpMethod.Get, path)).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await host.SendAsync(HttpMethod.Get, path, headers: new Dictionary<string, string> { ["X-Api-Key"] = "not-a-key-of-this-server" }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Admin_WithAUserToken_IsForbidden(string path)
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");

        (await host.GetAsync(path, alice)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task ListCalls_ByDefault_ListsLiveCallsOfEveryUserNewestFirst()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterDeviceAsync(await host.UserAsync("erin"), "e-phone");
        var answered = await PlaceAsync(host, "alice", "bob");
        (await host.ActAsync(bob, answered, "answer", "b-phone")).Expect(HttpStatusCode.OK);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var cancelled = await PlaceAsync(host, "carol", "bob");
        (await host.SendAsync(HttpMethod.Post, $"/v1/calls/{cancelled}/end", apiKey: true)).Expect(HttpStatusCode.OK);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var ringing = await PlaceAsync(host, "dave", "erin");

        var live = (await AdminAsync(host, "/v1/admin/calls")).Expect(HttpStatusCode.OK);

        Assert.Equal([ringing, answered], CallIds(live));
        var first = live.Array("calls")[0]!;
        Assert.Equal("dave", first.Str("from"));
        Assert.Equal("ringing", first.Str("state"));
        Assert.Equal("answered", live.Array("calls")[1].Str("state"));
        Assert.Equal("b-phone", live.Array("calls")[1].Array("legs")[0].Str("deviceId"));
        Assert.Equal([ringing], CallIds((await AdminAsync(host, "/v1/admin/calls?state=ringing")).Expect(HttpStatusCode.OK)));
        Assert.Equal([answered], CallIds((await AdminAsync(host, "/v1/admin/calls?state=answered")).Expect(HttpStatusCode.OK)));
        Assert.Equal([cancelled], CallIds((await AdminAsync(host, "/v1/admin/calls?state=ended")).Expect(HttpStatusCode.OK)));
        Assert.Equal([ringing, cancelled, answered], CallIds((await AdminAsync(host, "/v1/admin/calls?state=all")).Expect(HttpStatusCode.OK)));
        Assert.Equal([ringing, cancelled], CallIds((await AdminAsync(host, "/v1/admin/calls?state=all&limit=2")).Expect(HttpStatusCode.OK)));
    }

    [Theory]
    [InlineData("state=bogus", "state")]
    [InlineData("state=LIVE", "state")]
    [InlineData("state=", "state")]
    [InlineData("state=live&state=all", "state")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("limit=", "limit")]
    public async Task ListCalls_BadQuery_IsInvalidRequestNamingTheField(string query, string field)
    {
        await using var host = await RingwireHost.StartAsync();

        (await AdminAsync(host, $"/v1/admin/calls?{query}")).ExpectInvalid(field);
    }

    [Fact]
    public async Task ListCalls_TwoBadValues_ReportsBoth()
    {
        await using var host = await RingwireHost.StartAsync();

        var problem = (await AdminAsync(host, "/v1/admin/calls?state=open&limit=999")).ExpectInvalid("state");

        Assert.True(problem.Obj("errors").ContainsKey("limit"));
    }

    [Fact]
    public async Task ListDevices_PutsAtRiskFirst_WithTheHealthUsersSeeAndWhoIsConnected()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        var zoe = await host.UserAsync("zoe");
        await host.RegisterDeviceAsync(alice, "a-phone", new { platform = "ios", voipToken = RandomHex.Token(), name = "Alice's iPhone" });
        await host.RegisterWebDeviceAsync(alice, "a-web");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterDeviceAsync(zoe, "z-phone");
        // Three wake-up pushes to zoe's phone that it never claims: at risk, so listed first although last by name.
        for (var i = 0; i < 3; i++)
        {
            var callId = await PlaceAsync(host, "alice", "zoe");
            await host.Calls.WaitForTraceAsync(callId, "push.sent", "z-phone").DefaultTimeout();
        }

        await using var socket = await host.ConnectReadyAsync(bob, "b-phone");

        var body = (await AdminAsync(host, "/v1/admin/devices")).Expect(HttpStatusCode.OK);

        var devices = body.Array("devices");
        Assert.Equal(["zoe/z-phone", "alice/a-phone", "alice/a-web", "bob/b-phone"], devices.Select(d => $"{d.Str("userId")}/{d.Str("deviceId")}"));
        var zoePhone = devices[0]!;
        Assert.Equal("at_risk", zoePhone["pushHealth"].Str("status"));
        Assert.Equal(3, zoePhone["pushHealth"].Long("unclaimedPushes24h"));
        // The same rule and count as the user's own list.
        var own = (await host.GetAsync("/v1/devices", zoe)).Expect(HttpStatusCode.OK).Array("devices")[0]!;
        Assert.Equal(own["pushHealth"]!.ToJsonString(), zoePhone["pushHealth"]!.ToJsonString());
        Assert.Equal("no_token", devices[2]!["pushHealth"].Str("status"));
        Assert.Equal("ok", devices[1]!["pushHealth"].Str("status"));
        Assert.Equal("Alice's iPhone", devices[1].Str("name"));
        Assert.Equal("ios", devices[1].Str("platform"));
        Assert.Equal([false, false, false, true], devices.Select(d => d.Bool("connected")));
        Assert.NotNull(devices[3].Str("lastSeenAt"));
        // An operator's list shows no push tokens.
        Assert.All(devices, d => Assert.False(d!.AsObject().ContainsKey("voipToken")));
    }

    [Fact]
    public async Task ListDevices_Limit_KeepsAtRiskFirst()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var zoe = await host.UserAsync("zoe");
        await host.RegisterDeviceAsync(alice, "a-phone");
        await host.RegisterDeviceAsync(alice, "a-pad");
        await host.RegisterDeviceAsync(zoe, "z-phone");
        for (var i = 0; i < 3; i++)
        {
            await host.Calls.WaitForTraceAsync(await PlaceAsync(host, "bob", "zoe"), "push.sent", "z-phone").DefaultTimeout();
        }

        var body = (await AdminAsync(host, "/v1/admin/devices?limit=2")).Expect(HttpStatusCode.OK);

        Assert.Equal(["zoe/z-phone", "alice/a-pad"], body.Array("devices").Select(d => $"{d.Str("userId")}/{d.Str("deviceId")}"));
    }

    [Fact]
    public async Task ListDevices_UnclaimedPushesButNoWakeTokenNow_IsNotAtRiskAndStaysInItsPlace()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var zoe = await host.UserAsync("zoe");
        await host.RegisterDeviceAsync(alice, "a-phone");
        await host.RegisterDeviceAsync(zoe, "z-phone");
        for (var i = 0; i < 3; i++)
        {
            await host.Calls.WaitForTraceAsync(await PlaceAsync(host, "bob", "zoe"), "push.sent", "z-phone").DefaultTimeout();
        }

        // The same device, now without a token: nothing can wake it, so the pushes no longer put it at risk.
        await host.RegisterWebDeviceAsync(zoe, "z-phone");

        var devices = (await AdminAsync(host, "/v1/admin/devices")).Expect(HttpStatusCode.OK).Array("devices");

        Assert.Equal(["alice/a-phone", "zoe/z-phone"], devices.Select(d => $"{d.Str("userId")}/{d.Str("deviceId")}"));
        Assert.Equal("no_token", devices[1]!["pushHealth"].Str("status"));
        Assert.Equal(3, devices[1]!["pushHealth"].Long("unclaimedPushes24h"));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=501")]
    [InlineData("limit=many")]
    public async Task ListDevices_BadLimit_IsInvalidRequest(string query)
    {
        await using var host = await RingwireHost.StartAsync();

        (await AdminAsync(host, $"/v1/admin/devices?{query}")).ExpectInvalid("limit");
    }

    [Fact]
    public async Task PushOutcomes_CountsEveryAnswerPerMinuteAndResult_ForTheLastHour()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        var carol = await host.UserAsync("carol");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterDeviceAsync(carol, "c-phone");
        host.Pushes.Respond = m => m.UserId == "carol" ? new PushOutcome(PushResult.TokenDead, "Unregistered", 410) : PushOutcome.Delivered;
        await host.Calls.WaitForTraceAsync(await PlaceAsync(host, "alice", "bob"), "push.sent", "b-phone").DefaultTimeout();
        await host.Calls.WaitForTraceAsync(await PlaceAsync(host, "dave", "bob"), "push.sent", "b-phone").DefaultTimeout();
        await host.Calls.WaitForTraceAsync(await PlaceAsync(host, "alice", "carol"), "push.failed", "c-phone").DefaultTimeout();

        var body = (await AdminAsync(host, "/v1/admin/push-outcomes")).Expect(HttpStatusCode.OK);

        Assert.Equal(["delivered", "tokenDead", "retryable", "unconfirmed", "configurationError"], body.Array("results").Select(r => r!.GetValue<string>()));
        Assert.Equal(2, body["totals"].Long("delivered"));
        Assert.Equal(1, body["totals"].Long("tokenDead"));
        Assert.Equal(0, body["totals"].Long("retryable"));
        var minutes = body.Array("minutes");
        Assert.Equal(60, minutes.Count);
        Assert.Equal(2, minutes[^1]!["counts"].Long("delivered"));
        Assert.All(minutes.Take(59), m => Assert.Equal(0, m!["counts"].Long("delivered")));
        var now = host.Clock.GetUtcNow();
        var currentMinute = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() / 60 * 60);
        Assert.Equal(currentMinute, DateTimeOffset.Parse(minutes[^1].Str("at")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(currentMinute.AddMinutes(-59), DateTimeOffset.Parse(body.Str("from")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(string.IsNullOrEmpty(body.Str("node")));

        // Ten minutes on, the same answers sit ten bars back; an hour on, they are out of the window.
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        var later = (await AdminAsync(host, "/v1/admin/push-outcomes")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, later.Array("minutes")[^11]!["counts"].Long("delivered"));
        Assert.Equal(2, later["totals"].Long("delivered"));
        host.Clock.Advance(TimeSpan.FromMinutes(50));
        var gone = (await AdminAsync(host, "/v1/admin/push-outcomes")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, gone["totals"].Long("delivered"));
        Assert.Equal(0, gone["totals"].Long("tokenDead"));
    }

    [Fact]
    public async Task PushOutcomes_CountsEachAttempt_ARefusalAndItsRetry()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var attempts = 0;
        host.Pushes.Respond = _ => Interlocked.Increment(ref attempts) == 1 ? new PushOutcome(PushResult.Retryable, "ServiceUnavailable", 503) : PushOutcome.Delivered;
        // The retry waits on the manual clock, at most 2 s; the call's own deadlines are 10 s and more away.
        var start = host.Clock.GetUtcNow();
        var retryArmed = host.Clock.WhenArmedAsync(due => due <= start.AddSeconds(3));
        var callId = await PlaceAsync(host, "alice", "bob");
        await host.Calls.WaitForTraceAsync(callId, "push.retrying", "b-phone").DefaultTimeout();
        await retryArmed.DefaultTimeout();
        host.Clock.Advance(TimeSpan.FromSeconds(3));
        await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();

        var totals = (await AdminAsync(host, "/v1/admin/push-outcomes")).Expect(HttpStatusCode.OK)["totals"];

        Assert.Equal(1, totals.Long("retryable"));
        Assert.Equal(1, totals.Long("delivered"));
    }
}
