using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ringwire.Client;
using Ringwire.Client.CallKit;
using Ringwire.Lab.Phone;
using Ringwire.Lab.Scenarios;
using Ringwire.Server.Tests.Infrastructure;
using Ringwire.Server.VirtualPhones;

namespace Ringwire.Server.Tests;

/// <summary>
/// Lab mode: virtual iPhones inside the server, registered through its real API, woken by its real pushes to the
/// built-in APNs simulator, and driven through <c>/v1/lab</c> as the dashboard drives them. The phones live in real
/// time, so these hosts run on the system clock; every wait is for a phone event or the server's trace, with a timeout.
/// </summary>
public sealed class LabTests
{
    private const string LabOff =
        "The lab is off: an Apple key is configured (Ringwire:Apns), so pushes go to Apple and cannot reach virtual iPhones.";

    // ---- The lab is on ----

    [Fact]
    public async Task GetLab_WithoutAppleKey_IsEnabled_WithTheBuiltInBundleIdAndThePhoneCount()
    {
        await using var host = await StartLabAsync();

        var before = (await LabAsync(host, HttpMethod.Get, "/v1/lab")).Expect(HttpStatusCode.OK);
        await CreatePhoneAsync(host, "alice");
        var after = (await LabAsync(host, HttpMethod.Get, "/v1/lab")).Expect(HttpStatusCode.OK);

        Assert.True(before.Bool("enabled"));
        Assert.Equal("dev.ringwire.app", before.Str("bundleId"));
        Assert.Equal(0, before.Long("phones"));
        Assert.Equal(1, after.Long("phones"));
    }

    [Fact]
    public async Task CreatePhone_Returns201WithLocationAndView_AndRegistersTheDeviceThroughTheApi()
    {
        await using var host = await StartLabAsync();

        var response = await LabAsync(host, HttpMethod.Post, "/v1/lab/phones", new { userId = "alice" });

        var view = response.Expect(HttpStatusCode.Created);
        Assert.Equal("/v1/lab/phones/alice-iphone", response.Headers.Location?.OriginalString);
        Assert.Equal("alice-iphone", view.Str("phoneId"));
        Assert.Equal("alice-iphone", view.Str("deviceId"));
        Assert.Equal("alice", view.Str("userId"));
        Assert.Equal("alice's iPhone", view.Str("name"));
        Assert.False(view.Bool("appRunning"));
        Assert.False(view.Bool("connected"));
        Assert.Equal(0, view.Long("strikes"));
        Assert.False(view.Bool("voipBlocked"));
        Assert.Empty(view.Array("calls"));
        var timeline = view.Array("timeline");
        Assert.Contains(timeline, e => e.Str("kind") == "AppInstalled");
        Assert.All(timeline, e => Assert.EndsWith("Z", e.Str("at")));

        // Registered as the app registers: an iOS device with a VoIP token for the built-in simulator's app.
        var alice = await host.UserAsync("alice");
        var device = Assert.Single((await host.GetAsync("/v1/devices", alice)).Expect(HttpStatusCode.OK).Array("devices"));
        Assert.Equal("alice-iphone", device.Str("deviceId"));
        Assert.Equal("ios", device.Str("platform"));
        Assert.Equal("dev.ringwire.app", device.Str("bundleId"));
        Assert.Equal("alice's iPhone", device.Str("name"));
        Assert.Equal(64, device.Str("voipToken")!.Length);
    }

    [Fact]
    public async Task CreatePhone_NameAppRunningAndLatency_AreTheOnesAsked_AndIdsStayUniqueAndUrlSafe()
    {
        await using var host = await StartLabAsync();

        var first = await CreatePhoneAsync(host, "Alice@Example.com", name: "Work phone", appRunning: true, latencyMs: 5);
        var second = await CreatePhoneAsync(host, "alice@example.com");
        var list = (await LabAsync(host, HttpMethod.Get, "/v1/lab/phones")).Expect(HttpStatusCode.OK).Array("phones");

        Assert.Equal("alice-example.com-iphone", first.Str("phoneId"));
        Assert.Equal("Work phone", first.Str("name"));
        Assert.True(first.Bool("appRunning"));
        Assert.True(first.Bool("connected"));
        Assert.Equal("alice-example.com-iphone-2", second.Str("phoneId"));
        Assert.False(second.Bool("appRunning"));
        Assert.Equal(new[] { "alice-example.com-iphone", "alice-example.com-iphone-2" }, list.Select(p => p.Str("phoneId")));
        Assert.Equal(5, Phone(host, "alice-example.com-iphone").Network.Latency.TotalMilliseconds);
    }

    [Fact]
    public async Task PhoneCallsPhone_CalleeRingsAnswersThenCallerEnds_BothScreensFollow_AndTheServerAgrees()
    {
        await using var host = await StartLabAsync();
        await CreatePhoneAsync(host, "alice");
        await CreatePhoneAsync(host, "bob");

        var callId = await CallAsync(host, "alice-iphone", "bob");
        await RingsAsync(host, "bob-iphone", callId);

        var ringing = await CallOnAsync(host, "bob-iphone", callId);
        Assert.Equal("incoming", ringing.Str("direction"));
        Assert.Equal("ringing", ringing.Str("state"));
        Assert.Equal("alice", ringing.Str("display"));
        Assert.True(ringing.IsNull("endedReason"));
        // The app tells CallKit whom it calls once the system accepted the start.
        await Phone(host, "alice-iphone").Phone.Timeline.WaitForAsync(PhoneEventKind.CallUpdated, TestTimeout.Default, Guid.Parse(callId));
        var dialing = await CallOnAsync(host, "alice-iphone", callId);
        Assert.Equal("outgoing", dialing.Str("direction"));
        Assert.Equal("dialing", dialing.Str("state"));
        Assert.Equal("bob", dialing.Str("display"));

        (await TapAsync(host, "bob-iphone", callId, "answer")).Expect(HttpStatusCode.Accepted);
        await Phone(host, "bob-iphone").Phone.Timeline.WaitForAsync(PhoneEventKind.CallConnected, TestTimeout.Default, Guid.Parse(callId));
        // The caller's phone connects only when its app reports the call connected, on the server's answered event.
        await Phone(host, "alice-iphone").Phone.Timeline.WaitForAsync(PhoneEventKind.CallConnected, TestTimeout.Default, Guid.Parse(callId));
        Assert.Equal(DeviceCallState.Answered, Phone(host, "alice-iphone").App.Calls.Single(c => c.CallId == Guid.Parse(callId)).State);

        Assert.Equal("connected", (await CallOnAsync(host, "bob-iphone", callId)).Str("state"));
        Assert.Equal("connected", (await CallOnAsync(host, "alice-iphone", callId)).Str("state"));
        var answered = await ServerCallAsync(host, callId);
        Assert.Equal("answered", answered.Str("state"));
        Assert.Equal("bob-iphone", answered.Str("answeredBy"));

        (await TapAsync(host, "alice-iphone", callId, "end")).Expect(HttpStatusCode.Accepted);
        await EndsAsync(host, "alice-iphone", callId);
        await EndsAsync(host, "bob-iphone", callId);

        var aliceEnded = await CallOnAsync(host, "alice-iphone", callId);
        var bobEnded = await CallOnAsync(host, "bob-iphone", callId);
        Assert.Equal("ended", aliceEnded.Str("state"));
        Assert.True(aliceEnded.IsNull("endedReason"));
        Assert.Equal("ended", bobEnded.Str("state"));
        Assert.Equal("remoteEnded", bobEnded.Str("endedReason"));
        await host.Calls.WaitForTraceAsync(callId, "ended").DefaultTimeout();
        Assert.Equal("ended", (await ServerCallAsync(host, callId)).Str("state"));

        // Taps that mean nothing any more.
        (await TapAsync(host, "bob-iphone", callId, "answer")).ExpectProblem(HttpStatusCode.Conflict, "call_ended");
        (await TapAsync(host, "bob-iphone", callId, "end")).ExpectProblem(HttpStatusCode.Conflict, "call_ended");
        Assert.Empty(host.Logs.Errors);
    }

    [Fact]
    public async Task Answer_OnASlowNetwork_ShowsConnectedAtOnce_WhileTheServerStillRings_ThenTheServerAgrees()
    {
        await using var host = await StartLabAsync();
        await CreatePhoneAsync(host, "alice");
        await CreatePhoneAsync(host, "bob", latencyMs: 500);
        var callId = await CallAsync(host, "alice-iphone", "bob");
        await RingsAsync(host, "bob-iphone", callId);

        (await TapAsync(host, "bob-iphone", callId, "answer")).Expect(HttpStatusCode.Accepted);

        // The ringing stopped at the tap; the answer is still on its way (half a second each way).
        Assert.Equal("connected", (await CallOnAsync(host, "bob-iphone", callId)).Str("state"));
        Assert.Equal("ringing", (await ServerCallAsync(host, callId)).Str("state"));
        (await TapAsync(host, "bob-iphone", callId, "answer")).ExpectProblem(HttpStatusCode.Conflict, "call_ended");
        await host.Calls.WaitForTraceAsync(callId, "answered", "bob-iphone").DefaultTimeout();
        await Phone(host, "bob-iphone").Phone.Timeline.WaitForAsync(PhoneEventKind.CallConnected, TestTimeout.Default, Guid.Parse(callId));
        Assert.Equal("connected", (await CallOnAsync(host, "bob-iphone", callId)).Str("state"));
    }

    [Fact]
    public async Task Decline_OnTheCalleesPhone_EndsItThere_AndTheCallersPhoneEndsRemoteEnded()
    {
        await using var host = await StartLabAsync();
        await CreatePhoneAsync(host, "alice");
        await CreatePhoneAsync(host, "bob");
        var callId = await CallAsync(host, "alice-iphone", "bob");
        await RingsAsync(host, "bob-iphone", callId);

        // A ringing call cannot be answered from the caller's phone, where it is dialing.
        (await TapAsync(host, "alice-iphone", callId, "answer")).ExpectProblem(HttpStatusCode.Conflict, "call_ended");
        (await TapAsync(host, "bob-iphone", callId, "decline")).Expect(HttpStatusCode.Accepted);
        await EndsAsync(host, "bob-iphone", callId);
        var callerEnd = await EndsAsync(host, "alice-iphone", callId);

        Assert.Equal(CallEndedReason.RemoteEnded, callerEnd.EndReason);
        var alice = await CallOnAsync(host, "alice-iphone", callId);
        Assert.Equal("ended", alice.Str("state"));
        Assert.Equal("remoteEnded", alice.Str("endedReason"));
        var bob = await CallOnAsync(host, "bob-iphone", callId);
        Assert.Equal("ended", bob.Str("state"));
        Assert.True(bob.IsNull("endedReason"));
        var server = await ServerCallAsync(host, callId);
        Assert.Equal("declined", server.Str("state"));
        Assert.Equal("callee_declined", server.Str("endReason"));
    }

    [Fact]
    public async Task CallToUserWithTwoPhones_AnsweredOnOne_TheOtherShowsAnsweredElsewhere()
    {
        await using var host = await StartLabAsync();
        await CreatePhoneAsync(host, "alice");
        await CreatePhoneAsync(host, "bob");
        await CreatePhoneAsync(host, "bob", name: "bob's other iPhone");

        var callId = await CallAsync(host, "alice-iphone", "bob");
        await RingsAsync(host, "bob-iphone", callId);
        await RingsAsync(host, "bob-iphone-2", callId);
        (await TapAsync(host, "bob-iphone-2", callId, "answer")).Expect(HttpStatusCode.Accepted);
        var elsewhere = await EndsAsync(host, "bob-iphone", callId);

        Assert.Equal(CallEndedReason.AnsweredElsewhere, elsewhere.EndReason);
        var other = await CallOnAsync(host, "bob-iphone", callId);
        Assert.Equal("ended", other.Str("state"));
        Assert.Equal("answeredElsewhere", other.Str("endedReason"));
        await Phone(host, "bob-iphone-2").Phone.Timeline.WaitForAsync(PhoneEventKind.CallConnected, TestTimeout.Default, Guid.Parse(callId));
        Assert.Equal("connected", (await CallOnAsync(host, "bob-iphone-2", callId)).Str("state"));
        Assert.Equal("bob-iphone-2", (await ServerCallAsync(host, callId)).Str("answeredBy"));
    }

    [Fact]
    public async Task Terminate_ThenCall_ThePhoneIsWokenByAPush_AndRings()
    {
        await using var host = await StartLabAsync();
        await CreatePhoneAsync(host, "alice");
        var bob = await CreatePhoneAsync(host, "bob", appRunning: true);
        Assert.True(bob.Bool("connected"));

        (await LabAsync(host, HttpMethod.Post, "/v1/lab/phones/bob-iphone/terminate")).Expect(HttpStatusCode.Accepted);
        var terminated = (await LabAsync(host, HttpMethod.Get, "/v1/lab/phones/bob-iphone")).Expect(HttpStatusCode.OK);
        Assert.False(terminated.Bool("appRunning"));
        Assert.False(terminated.Bool("connected"));
        var pushesBefore = Phone(host, "bob-iphone").Phone.VoipPushesDelivered;

        var callId = await CallAsync(host, "alice-iphone", "bob");
        await RingsAsync(host, "bob-iphone", callId);

        await host.Calls.WaitForTraceAsync(callId, "push.sent", "bob-iphone").DefaultTimeout();
        var phone = Phone(host, "bob-iphone").Phone;
        Assert.Equal(pushesBefore + 1, phone.VoipPushesDelivered);
        var events = phone.Timeline.Events;
        var lastTermination = events.Select((e, i) => (e, i)).Last(x => x.e.Kind == PhoneEventKind.AppTerminated).i;
        var launch = events.Select((e, i) => (e, i)).First(x => x.i > lastTermination && x.e.Kind == PhoneEventKind.AppLaunched);
        Assert.Contains("VoIP push", launch.e.Detail, StringComparison.Ordinal);
        var woken = (await LabAsync(host, HttpMethod.Get, "/v1/lab/phones/bob-iphone")).Expect(HttpStatusCode.OK);
        Assert.True(woken.Bool("appRunning"));
        Assert.Equal("ringing", woken.Array("calls")[0].Str("state"));
    }

    [Fact]
    public async Task DeletePhone_SwitchesItOff_AndDeletesItsDevice()
    {
        await using var host = await StartLabAsync();
        await CreatePhoneAsync(host, "alice");
        await CreatePhoneAsync(host, "bob");

        Assert.Equal(HttpStatusCode.NoContent, (await LabAsync(host, HttpMethod.Delete, "/v1/lab/phones/alice-iphone")).Status);

        (await LabAsync(host, HttpMethod.Get, "/v1/lab/phones/alice-iphone")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        (await LabAsync(host, HttpMethod.Delete, "/v1/lab/phones/alice-iphone")).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        var list = (await LabAsync(host, HttpMethod.Get, "/v1/lab/phones")).Expect(HttpStatusCode.OK).Array("phones");
        Assert.Equal(new[] { "bob-iphone" }, list.Select(p => p.Str("phoneId")));
        var alice = await host.UserAsync("alice");
        Assert.Empty((await host.GetAsync("/v1/devices", alice)).Expect(HttpStatusCode.OK).Array("devices"));
        Assert.Empty(host.Logs.Errors);
    }

    [Fact]
    public async Task CreatePhone_BeyondTwenty_IsInvalidWithErrorsPhones()
    {
        await using var host = await StartLabAsync();
        for (var i = 0; i < LabPhones.MaxPhones; i++)
        {
            await CreatePhoneAsync(host, $"user{i}");
        }

        var response = await LabAsync(host, HttpMethod.Post, "/v1/lab/phones", new { userId = "one-too-many" });

        response.ExpectInvalid("phones");
        Assert.Equal(LabPhones.MaxPhones, (await LabAsync(host, HttpMethod.Get, "/v1/lab")).Expect(HttpStatusCode.OK).Long("phones"));
        // A deleted phone makes room again.
        Assert.Equal(HttpStatusCode.NoContent, (await LabAsync(host, HttpMethod.Delete, "/v1/lab/phones/user0-iphone")).Status);
        (await LabAsync(host, HttpMethod.Post, "/v1/lab/phones", new { userId = "one-too-many" })).Expect(HttpStatusCode.Created);
    }

    // ---- Bad input ----

    [Theory]
    [InlineData("{\"userId\":\"bad id!\"}", "userId")]
    [InlineData("{\"userId\":\"\"}", "userId")]
    [InlineData("{}", "userId")]
    [InlineData("{\"userId\":\"alice\",\"name\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}", "name")]
    [InlineData("{\"userId\":\"alice\",\"name\":\"  \"}", "name")]
    [InlineData("{\"userId\":\"alice\",\"latencyMs\":-1}", "latencyMs")]
    [InlineData("{\"userId\":\"alice\",\"latencyMs\":2001}", "latencyMs")]
    [InlineData("{\"userId\":\"alice\",\"latencyMs\":1.5}", "latencyMs")]
    [InlineData("{\"userId\":\"alice\",\"appRunning\":\"yes\"}", "appRunning")]
    [InlineData("{\"userId\":5}", "userId")]
    [InlineData("[]", "$")]
    [InlineData("null", "$")]
    [InlineData("not json", "$")]
    public async Task CreatePhone_WithBadBody_IsInvalidNamingTheField(string body, string field)
    {
        await using var host = await StartLabAsync();

        (await LabAsync(host, HttpMethod.Post, "/v1/lab/phones", body)).ExpectInvalid(field);

        Assert.Empty(Service(host).Phones);
    }

    [Fact]
    public async Task CreatePhone_WithoutBody_IsInvalid()
    {
        await using var host = await StartLabAsync();

        (await LabAsync(host, HttpMethod.Post, "/v1/lab/phones")).ExpectInvalid("$");
    }

    [Fact]
    public async Task CreatePhone_NameOf64Characters_AndLatencyAtTheBounds_AreAccepted()
    {
        await using var host = await StartLabAsync();

        var named = await CreatePhoneAsync(host, "alice", name: new string('n', 64), latencyMs: 2000);
        var quick = await CreatePhoneAsync(host, new string('u', 128), latencyMs: 0);

        Assert.Equal(new string('n', 64), named.Str("name"));
        Assert.Equal(64, quick.Str("name")!.Length);
        Assert.True(quick.Str("phoneId")!.Length <= 128);
    }

    [Theory]
    [InlineData("{\"to\":\"bad id!\"}", "to")]
    [InlineData("{\"to\":\"alice\"}", "to")]
    [InlineData("{}", "to")]
    [InlineData("{\"to\":\"bob\",\"video\":\"no\"}", "video")]
    [InlineData("[]", "$")]
    [InlineData("", "$")]
    public async Task PlaceCall_WithBadBody_IsInvalidNamingTheField(string body, string field)
    {
        await using var host = await StartLabAsync();
        await CreatePhoneAsync(host, "alice");

        (await LabAsync(host, HttpMethod.Post, "/v1/lab/phones/alice-iphone/calls", body.Length == 0 ? null : body)).ExpectInvalid(field);

        Assert.Empty(Phone(host, "alice-iphone").Phone.ScreenCalls());
    }

    [Fact]
    public async Task PlaceCall_RefusedByTheServer_PassesItsStatusAndCodeOn()
    {
        await using var host = await StartLabAsync(new Dictionary<string, string?> { ["Ringwire:RateLimits:CallsPerMinutePerUser"] = "1" });
        await CreatePhoneAsync(host, "alice");
        await CallAsync(host, "alice-iphone", "bob");

        var refused = await LabAsync(host, HttpMethod.Post, "/v1/lab/phones/alice-iphone/calls", new { to = "bob" });

        refused.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Single(Phone(host, "alice-iphone").Phone.ScreenCalls());
    }

    [Theory]
    [InlineData("GET", "/v1/lab/phones/nope")]
    [InlineData("GET", "/v1/lab/phones/a%2Fb")]
    [InlineData("GET", "/v1/lab/phones/%20")]
    [InlineData("DELETE", "/v1/lab/phones/nope")]
    [InlineData("POST", "/v1/lab/phones/nope/calls")]
    [InlineData("POST", "/v1/lab/phones/nope/terminate")]
    [InlineData("POST", "/v1/lab/phones/nope/calls/00000000-0000-0000-0000-000000000001/answer")]
    [InlineData("POST", "/v1/lab/phones/alice-iphone/calls/not-a-call/answer")]
    [InlineData("POST", "/v1/lab/phones/alice-iphone/calls/00000000-0000-0000-0000-000000000001/answer")]
    [InlineData("POST", "/v1/lab/phones/alice-iphone/calls/00000000-0000-0000-0000-000000000001/decline")]
    [InlineData("POST", "/v1/lab/phones/alice-iphone/calls/00000000-0000-0000-0000-000000000001/end")]
    [InlineData("POST", "/v1/lab/phones/alice-iphone/calls/00000000-0000-0000-0000-000000000001/transfer")]
    public async Task UnknownPhoneOrCall_IsNotFound(string method, string path)
    {
        await using var host = await StartLabAsync();
        await CreatePhoneAsync(host, "alice");

        (await LabAsync(host, new HttpMethod(method), path, "{\"to\":\"bob\"}")).ExpectProblem(HttpStatusCode.NotFound, "not_found");

        Assert.Empty(host.Logs.Errors);
    }

    [Fact]
    public async Task LabEndpoints_NeedTheApiKey()
    {
        await using var host = await StartLabAsync();
        var alice = await host.UserAsync("alice");

        (await host.SendAsync(HttpMethod.Get, "/v1/lab")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await host.SendAsync(HttpMethod.Post, "/v1/lab/phones", new { userId = "alice" })).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await host.SendAsync(HttpMethod.Post, "/v1/lab/phones", new { userId = "alice" }, alice.Token)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        Assert.Empty(Service(host).Phones);
    }

    // ---- The lab is off ----

    [Theory]
    [InlineData("GET", "/v1/lab/phones")]
    [InlineData("POST", "/v1/lab/phones")]
    [InlineData("GET", "/v1/lab/phones/alice-iphone")]
    [InlineData("DELETE", "/v1/lab/phones/alice-iphone")]
    [InlineData("POST", "/v1/lab/phones/alice-iphone/calls")]
    [InlineData("POST", "/v1/lab/phones/alice-iphone/calls/00000000-0000-0000-0000-000000000001/answer")]
    [InlineData("POST", "/v1/lab/phones/alice-iphone/terminate")]
    public async Task LabEndpoints_WithAnAppleKey_AreNotFound_SayingWhy(string method, string path)
    {
        await using var host = await StartWithAppleKeyAsync();

        var problem = (await LabAsync(host, new HttpMethod(method), path, new { userId = "alice", to = "bob" }))
            .ExpectProblem(HttpStatusCode.NotFound, "not_found");

        Assert.Equal(LabOff, problem.Str("detail"));
    }

    [Fact]
    public async Task GetLab_WithAnAppleKey_IsDisabled()
    {
        await using var host = await StartWithAppleKeyAsync();

        var lab = (await LabAsync(host, HttpMethod.Get, "/v1/lab")).Expect(HttpStatusCode.OK);

        Assert.False(lab.Bool("enabled"));
        Assert.Equal(0, lab.Long("phones"));
    }

    // ---- Helpers ----

    /// <summary>A lab: no Apple key, real pushes to the built-in simulator, the system clock, and time to spare on a loaded machine.</summary>
    private static Task<RingwireHost> StartLabAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Ringwire:Ringing:ClaimTimeoutSeconds"] = "60",
            ["Ringwire:Ringing:DefaultRingSeconds"] = "120",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return RingwireHost.StartAsync(all, realPushes: true, systemClock: true);
    }

    private static async Task<RingwireHost> StartWithAppleKeyAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return await RingwireHost.StartAsync(new Dictionary<string, string?>
        {
            ["Ringwire:Apns:KeyId"] = "KEYID12345",
            ["Ringwire:Apns:TeamId"] = "TEAMID1234",
            ["Ringwire:Apns:PrivateKey"] = key.ExportPkcs8PrivateKeyPem(),
            ["Ringwire:Apns:BundleId"] = "com.example.app",
        });
    }

    private static Task<ApiResponse> LabAsync(RingwireHost host, HttpMethod method, string path, object? body = null) =>
        host.SendAsync(method, path, body, apiKey: true);

    private static async Task<JsonNode> CreatePhoneAsync(RingwireHost host, string userId, string? name = null, bool appRunning = false, int latencyMs = 0)
    {
        var body = new JsonObject { ["userId"] = userId, ["appRunning"] = appRunning, ["latencyMs"] = latencyMs };
        if (name is not null)
        {
            body["name"] = name;
        }

        return (await LabAsync(host, HttpMethod.Post, "/v1/lab/phones", body)).Expect(HttpStatusCode.Created);
    }

    private static async Task<string> CallAsync(RingwireHost host, string phoneId, string to)
    {
        var placed = (await LabAsync(host, HttpMethod.Post, $"/v1/lab/phones/{phoneId}/calls", new { to, video = false })).Expect(HttpStatusCode.Accepted);
        return placed.Str("callId")!;
    }

    private static Task<ApiResponse> TapAsync(RingwireHost host, string phoneId, string callId, string tap) =>
        LabAsync(host, HttpMethod.Post, $"/v1/lab/phones/{phoneId}/calls/{callId}/{tap}");

    private static LabPhones Service(RingwireHost host) => host.Service<LabPhones>();

    private static LabPhone Phone(RingwireHost host, string phoneId) =>
        Service(host).Find(phoneId) ?? throw new InvalidOperationException($"No phone {phoneId}.");

    private static Task<PhoneEvent> RingsAsync(RingwireHost host, string phoneId, string callId) =>
        Phone(host, phoneId).Phone.Timeline.WaitForAsync(PhoneEventKind.RingingStarted, TestTimeout.Default, Guid.Parse(callId));

    private static Task<PhoneEvent> EndsAsync(RingwireHost host, string phoneId, string callId) =>
        Phone(host, phoneId).Phone.Timeline.WaitForAsync(PhoneEventKind.CallEnded, TestTimeout.Default, Guid.Parse(callId));

    /// <summary>The call as the phone's view shows it, through the API.</summary>
    private static async Task<JsonNode> CallOnAsync(RingwireHost host, string phoneId, string callId)
    {
        var view = (await LabAsync(host, HttpMethod.Get, $"/v1/lab/phones/{phoneId}")).Expect(HttpStatusCode.OK);
        return view.Array("calls").Single(c => c.Str("callId") == callId)!;
    }

    private static async Task<JsonNode> ServerCallAsync(RingwireHost host, string callId) =>
        (await LabAsync(host, HttpMethod.Get, $"/v1/calls/{callId}")).Expect(HttpStatusCode.OK);
}
