using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Ringwire.Push;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

public sealed class CallTests
{
    private static DateTimeOffset Time(JsonNode node, string name) =>
        DateTimeOffset.Parse(node.Str(name)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Fact]
    public async Task Create_ByUser_Returns201WithTheContractsCallObject()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");

        var call = await host.PlaceCallAsync(alice, "bob", b =>
        {
            b["callerName"] = "Alice";
            b["handleType"] = "emailAddress";
            b["callerHandle"] = "alice@example.com";
            b["video"] = true;
            b["ringSeconds"] = 30;
            b["metadata"] = new JsonObject { ["room"] = "r-1" };
        });

        var callId = call.Str("callId")!;
        Assert.Equal(Guid.Parse(callId).ToString("D"), callId);
        Assert.Equal("alice", call.Str("from"));
        Assert.Equal("bob", call.Str("to"));
        Assert.Equal("Alice", call.Str("callerName"));
        Assert.Equal("alice@example.com", call.Str("callerHandle"));
        Assert.Equal("emailAddress", call.Str("handleType"));
        Assert.True(call.Bool("video"));
        Assert.Equal("ringing", call.Str("state"));
        Assert.Equal(1, call.Long("version"));
        Assert.True(call.IsNull("endReason"));
        Assert.True(call.IsNull("answeredBy"));
        Assert.True(call.IsNull("answeredAt"));
        Assert.True(call.IsNull("endedAt"));
        Assert.Equal(host.Clock.GetUtcNow(), Time(call, "createdAt"));
        Assert.Equal(host.Clock.GetUtcNow().AddSeconds(30), Time(call, "ringUntil"));
        Assert.EndsWith("Z", call.Str("createdAt"), StringComparison.Ordinal);
        var leg = Assert.Single(call.Array("legs"))!;
        Assert.Equal("b-phone", leg.Str("deviceId"));
        Assert.Equal("ios", leg.Str("platform"));
        Assert.Contains(leg.Str("push"), new[] { "pending", "sent" });
        Assert.True(leg.IsNull("claimedAt"));
        Assert.True(leg.IsNull("reportedAt"));
        Assert.Equal("r-1", call["metadata"].Str("room"));
    }

    [Fact]
    public async Task Create_WithoutOptionalFields_UsesTheDefaults()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");

        var call = await host.PlaceCallAsync(alice, "bob");

        Assert.Equal("alice", call.Str("callerHandle"));
        Assert.Equal("generic", call.Str("handleType"));
        Assert.False(call.Bool("video"));
        Assert.Equal(host.Clock.GetUtcNow().AddSeconds(45), Time(call, "ringUntil"));
        Assert.Equal("{}", call["metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task Create_ThenLegPush_BecomesSent()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();

        var leg = Assert.Single((await host.GetCallAsync(alice, callId)).Array("legs"))!;
        Assert.Equal("sent", leg.Str("push"));
        Assert.True(leg.IsNull("pushError"));
    }

    [Fact]
    public async Task Create_WithApiKey_CallsAsTheNamedCaller()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");

        var call = (await host.SendAsync(HttpMethod.Post, "/v1/calls", new { to = "bob", from = "alice" }, apiKey: true)).Expect(HttpStatusCode.Created);

        Assert.Equal("alice", call.Str("from"));
        Assert.Equal("ringing", call.Str("state"));
    }

    [Fact]
    public async Task Create_WithApiKeyAndNoFrom_IsInvalidRequest()
    {
        await using var host = await RingwireHost.StartAsync();

        var response = await host.SendAsync(HttpMethod.Post, "/v1/calls", new { to = "bob" }, apiKey: true);

        response.ExpectInvalid("from");
    }

    [Fact]
    public async Task Create_UserNamingAnotherFrom_IsInvalidRequest()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");

        var response = await host.PostAsync("/v1/calls", alice, new { to = "bob", from = "mallory" });

        response.ExpectInvalid("from");
    }

    [Fact]
    public async Task Create_UserNamingThemselvesAsFrom_IsAccepted()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");

        var response = await host.PostAsync("/v1/calls", alice, new { to = "bob", from = "alice" });

        response.Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Create_CallingYourself_IsInvalidRequest()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");

        var response = await host.PostAsync("/v1/calls", alice, new { to = "alice" });

        response.ExpectInvalid("to");
    }

    [Theory]
    [InlineData("{\"to\":\"bob\",\"ringSeconds\":4}", "ringSeconds")]
    [InlineData("{\"to\":\"bob\",\"ringSeconds\":121}", "ringSeconds")]
    [InlineData("{\"to\":\"bad id\"}", "to")]
    [InlineData("{}", "to")]
    [InlineData("{\"to\":\"bob\",\"metadata\":[1,2]}", "metadata")]
    [InlineData("{\"to\":\"bob\",\"handleType\":\"fax\"}", "handleType")]
    public async Task Create_InvalidField_IsInvalidRequestNamingTheField(string body, string field)
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");

        var response = await host.PostAsync("/v1/calls", alice, body);

        response.ExpectInvalid(field);
    }

    [Fact]
    public async Task Create_CallerNameOver64OrMetadataOver1KiB_IsInvalidRequest()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");

        var response = await host.PostAsync("/v1/calls", alice,
            new JsonObject { ["to"] = "bob", ["callerName"] = new string('x', 65), ["metadata"] = new JsonObject { ["blob"] = new string('m', 1100) } });

        response.ExpectInvalid("callerName");
        response.ExpectInvalid("metadata");
    }

    [Fact]
    public async Task Create_SameIdempotencyKey_Returns200WithTheSameCallAndCreatesNoOther()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "place-1" };

        var first = await host.SendAsync(HttpMethod.Post, "/v1/calls", new { to = "bob" }, alice.Token, headers: key);
        var second = await host.SendAsync(HttpMethod.Post, "/v1/calls", new { to = "bob" }, alice.Token, headers: key);

        var callId = first.Expect(HttpStatusCode.Created).Str("callId");
        Assert.Equal(callId, second.Expect(HttpStatusCode.OK).Str("callId"));
        Assert.Single((await host.GetAsync("/v1/calls", alice)).Expect(HttpStatusCode.OK).Array("calls"));
        await host.Calls.WaitForTraceAsync(callId!, "push.sent").DefaultTimeout();
        Assert.Single(host.Pushes.Sent);
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyAfter24Hours_CreatesANewCall()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice", ttlSeconds: 7 * 24 * 3600);
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "daily" };
        var first = (await host.SendAsync(HttpMethod.Post, "/v1/calls", new { to = "bob" }, alice.Token, headers: key)).Expect(HttpStatusCode.Created);

        host.Clock.Advance(TimeSpan.FromHours(24).Subtract(TimeSpan.FromMilliseconds(1)));
        var within = (await host.SendAsync(HttpMethod.Post, "/v1/calls", new { to = "bob" }, alice.Token, headers: key)).Expect(HttpStatusCode.OK);
        host.Clock.Advance(TimeSpan.FromMilliseconds(2));
        var after = (await host.SendAsync(HttpMethod.Post, "/v1/calls", new { to = "bob" }, alice.Token, headers: key)).Expect(HttpStatusCode.Created);

        Assert.Equal(first.Str("callId"), within.Str("callId"));
        Assert.NotEqual(first.Str("callId"), after.Str("callId"));
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyFromAnotherCaller_CreatesAnotherCall()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var carol = await host.UserAsync("carol");
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "same-key" };

        var first = await host.SendAsync(HttpMethod.Post, "/v1/calls", new { to = "bob" }, alice.Token, headers: key);
        var second = await host.SendAsync(HttpMethod.Post, "/v1/calls", new { to = "bob" }, carol.Token, headers: key);

        Assert.NotEqual(first.Expect(HttpStatusCode.Created).Str("callId"), second.Expect(HttpStatusCode.Created).Str("callId"));
    }

    [Fact]
    public async Task Get_ByPartyOrApiKey_ReturnsTheCall()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        Assert.Equal(callId, (await host.GetCallAsync(alice, callId)).Str("callId"));
        Assert.Equal(callId, (await host.GetCallAsync(bob, callId)).Str("callId"));
        Assert.Equal(callId, (await host.SendAsync(HttpMethod.Get, $"/v1/calls/{callId}", apiKey: true)).Expect(HttpStatusCode.OK).Str("callId"));
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000001")]
    [InlineData("not-a-uuid")]
    public async Task Get_UnknownCall_IsNotFound(string callId)
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");

        (await host.GetAsync($"/v1/calls/{callId}", alice)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task List_ReturnsTheUsersCallsNewestFirst_UpToTheLimit()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        var carol = await host.UserAsync("carol");
        var first = (await host.PlaceCallAsync(alice, "bob")).Str("callId");
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = (await host.PlaceCallAsync(bob, "alice")).Str("callId");
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await host.PlaceCallAsync(bob, "carol");
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var third = (await host.PlaceCallAsync(carol, "alice")).Str("callId");

        var all = (await host.GetAsync("/v1/calls", alice)).Expect(HttpStatusCode.OK).Array("calls");
        var limited = (await host.GetAsync("/v1/calls?limit=2", alice)).Expect(HttpStatusCode.OK).Array("calls");

        Assert.Equal([third, second, first], all.Select(c => c.Str("callId")));
        Assert.Equal([third, second], limited.Select(c => c.Str("callId")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("abc")]
    public async Task List_InvalidLimit_IsInvalidRequest(string limit)
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");

        (await host.GetAsync($"/v1/calls?limit={limit}", alice)).ExpectInvalid("limit");
    }

    [Fact]
    public async Task Answer_FirstAnswerWins_LaterAnswerIsAnsweredElsewhere()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterDeviceAsync(bob, "b-pad");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        var answered = (await host.ActAsync(bob, callId, "answer", "b-phone")).Expect(HttpStatusCode.OK);
        var late = await host.ActAsync(bob, callId, "answer", "b-pad");
        var again = (await host.ActAsync(bob, callId, "answer", "b-phone")).Expect(HttpStatusCode.OK);

        Assert.Equal("answered", answered.Str("state"));
        Assert.Equal("b-phone", answered.Str("answeredBy"));
        Assert.Equal(host.Clock.GetUtcNow(), Time(answered, "answeredAt"));
        Assert.Equal(2, answered.Long("version"));
        late.ExpectProblem(HttpStatusCode.Conflict, "answered_elsewhere");
        Assert.Equal(2, again.Long("version"));
    }

    [Fact]
    public async Task Decline_OnOneDevice_EndsTheCallForAll()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterDeviceAsync(bob, "b-pad");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        var declined = (await host.ActAsync(bob, callId, "decline", "b-pad")).Expect(HttpStatusCode.OK);

        Assert.Equal("declined", declined.Str("state"));
        Assert.Equal("callee_declined", declined.Str("endReason"));
        Assert.Equal("string", declined.Kind("endedAt"));
        (await host.ActAsync(bob, callId, "answer", "b-phone")).ExpectProblem(HttpStatusCode.Conflict, "call_ended");
    }

    [Fact]
    public async Task Decline_WithReasonBusy_EndsDeclinedBusy()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        var wrong = await host.SendAsync(HttpMethod.Post, $"/v1/calls/{callId}/answer", new { deviceId = "b-phone", reason = "busy" }, bob.Token);
        var declined = (await host.SendAsync(HttpMethod.Post, $"/v1/calls/{callId}/decline", new { deviceId = "b-phone", reason = "busy" }, bob.Token))
            .Expect(HttpStatusCode.OK);

        wrong.ExpectProblem(HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal("declined", declined.Str("state"));
        Assert.Equal("busy", declined.Str("endReason"));
    }

    [Fact]
    public async Task End_ByCallerWhileRinging_IsCancelled()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        var ended = (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);

        Assert.Equal("cancelled", ended.Str("state"));
        Assert.Equal("caller_cancelled", ended.Str("endReason"));
    }

    [Fact]
    public async Task End_ByApiKeyWhileRinging_IsCancelled()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        var ended = (await host.SendAsync(HttpMethod.Post, $"/v1/calls/{callId}/end", apiKey: true)).Expect(HttpStatusCode.OK);

        Assert.Equal("cancelled", ended.Str("state"));
        Assert.Equal("caller_cancelled", ended.Str("endReason"));
    }

    [Fact]
    public async Task End_ByCalleeWhileRinging_IsDeclined()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        var ended = (await host.ActAsync(bob, callId, "end", "b-phone")).Expect(HttpStatusCode.OK);

        Assert.Equal("declined", ended.Str("state"));
        Assert.Equal("callee_declined", ended.Str("endReason"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task End_AfterAnswer_IsEndedHangup(bool byCaller)
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        (await host.ActAsync(bob, callId, "answer", "b-phone")).Expect(HttpStatusCode.OK);

        var ended = (byCaller ? await host.ActAsync(alice, callId, "end", null) : await host.ActAsync(bob, callId, "end", "b-phone"))
            .Expect(HttpStatusCode.OK);

        Assert.Equal("ended", ended.Str("state"));
        Assert.Equal("hangup", ended.Str("endReason"));
        Assert.Equal(3, ended.Long("version"));
    }

    [Fact]
    public async Task End_TerminalCall_Returns200Unchanged()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "push.sent").DefaultTimeout();
        var cancelled = (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);
        host.Clock.Advance(TimeSpan.FromSeconds(3));

        var byCaller = (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);
        var byCallee = (await host.ActAsync(bob, callId, "end", "b-phone")).Expect(HttpStatusCode.OK);

        Assert.Equal(cancelled.ToJsonString(), byCaller.ToJsonString());
        Assert.Equal(cancelled.ToJsonString(), byCallee.ToJsonString());
    }

    [Theory]
    [InlineData("answer")]
    [InlineData("decline")]
    public async Task AnswerOrDecline_TerminalCall_IsCallEnded(string action)
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);

        (await host.ActAsync(bob, callId, action, "b-phone")).ExpectProblem(HttpStatusCode.Conflict, "call_ended");
    }

    [Fact]
    public async Task Decline_OnAnotherDeviceAfterAnswer_IsAnsweredElsewhere()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterDeviceAsync(bob, "b-pad");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        (await host.ActAsync(bob, callId, "answer", "b-phone")).Expect(HttpStatusCode.OK);

        (await host.ActAsync(bob, callId, "decline", "b-pad")).ExpectProblem(HttpStatusCode.Conflict, "answered_elsewhere");
    }

    [Theory]
    [InlineData("answer")]
    [InlineData("decline")]
    public async Task AnswerOrDecline_ByCaller_IsForbidden(string action)
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(alice, "a-phone");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        (await host.ActAsync(alice, callId, action, "a-phone")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("ringing", (await host.GetCallAsync(alice, callId)).Str("state"));
    }

    [Theory]
    [InlineData("answer", "a-phone")]
    [InlineData("answer", "never-registered")]
    [InlineData("decline", "a-phone")]
    public async Task AnswerOrDecline_WithADeviceThatIsNotTheCallees_IsForbidden(string action, string deviceId)
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(alice, "a-phone");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        (await host.ActAsync(bob, callId, action, deviceId)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("ringing", (await host.GetCallAsync(bob, callId)).Str("state"));
    }

    [Theory]
    [InlineData("answer")]
    [InlineData("decline")]
    public async Task AnswerOrDecline_WithoutDeviceId_IsInvalidRequest(string action)
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        (await host.PostAsync($"/v1/calls/{callId}/{action}", bob, new { })).ExpectInvalid("deviceId");
    }

    [Fact]
    public async Task Events_ListTheCallsTraceInOrder()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();
        await using (var phone = await host.ConnectReadyAsync(bob, "b-phone"))
        {
            Assert.Equal("call", (await phone.RequestAsync("claim", callId)).Str("type"));
            Assert.Equal("ok", (await phone.RequestAsync("reported", callId, m => m["mustReport"] = true)).Str("type"));
            Assert.Equal("answered", (await phone.RequestAsync("answer", callId))["call"].Str("state"));
        }

        (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);

        var events = (await host.GetAsync($"/v1/calls/{callId}/events", alice)).Expect(HttpStatusCode.OK).Array("events");
        Assert.Equal(["created", "push.sent", "claimed", "reported", "answered", "ended"], events.Select(e => e.Str("type")));
        Assert.All(events, e => Assert.Equal("string", e.Kind("at")));
        Assert.All(events, e => Assert.IsType<JsonObject>(e!["detail"]));
        Assert.True(events[0].IsNull("deviceId"));
        Assert.Equal("b-phone", events[1].Str("deviceId"));
        Assert.Equal("b-phone", events[4].Str("deviceId"));
        Assert.Equal("hangup", events[5]!["detail"].Str("endReason"));
        (await host.GetAsync($"/v1/calls/{callId}/events", bob)).Expect(HttpStatusCode.OK);
        (await host.SendAsync(HttpMethod.Get, $"/v1/calls/{callId}/events", apiKey: true)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Version_GrowsByOnePerStateChange_AndNotForLegFacts()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "push.sent").DefaultTimeout();
        await using var phone = await host.ConnectReadyAsync(bob, "b-phone");

        var claimed = (await phone.RequestAsync("claim", callId))["call"]!;
        var answered = (await host.ActAsync(bob, callId, "answer", "b-phone")).Expect(HttpStatusCode.OK);
        var ended = (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);

        Assert.Equal(1, claimed.Long("version"));
        Assert.Equal("number", claimed["legs"]![0].Kind("claimedAt"));
        Assert.Equal(2, answered.Long("version"));
        Assert.Equal(3, ended.Long("version"));
    }

    [Fact]
    public async Task Create_ToUserWithNoDevices_IsUnreachableNoDevices()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");

        var call = await host.PlaceCallAsync(alice, "nobody");

        Assert.Equal("unreachable", call.Str("state"));
        Assert.Equal("no_devices", call.Str("endReason"));
        Assert.Empty(call.Array("legs"));
    }

    [Fact]
    public async Task Create_WithBusyPolicyReject_CalleeInAnsweredCall_IsDeclinedBusyWithoutPush()
    {
        await using var host = await RingwireHost.StartAsync(new Dictionary<string, string?> { ["Ringwire:Ringing:BusyPolicy"] = "reject" });
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        var carol = await host.UserAsync("carol");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var first = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        (await host.ActAsync(bob, first, "answer", "b-phone")).Expect(HttpStatusCode.OK);

        var busy = await host.PlaceCallAsync(carol, "bob");

        Assert.Equal("declined", busy.Str("state"));
        Assert.Equal("busy", busy.Str("endReason"));
        Assert.All(busy.Array("legs"), l => Assert.Equal("skipped", l.Str("push")));
        Assert.DoesNotContain(host.Pushes.Sent, p => p.CallId == Guid.Parse(busy.Str("callId")!));
    }

    [Fact]
    public async Task Create_WithBusyPolicyRing_CalleeInAnsweredCall_Rings()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        var carol = await host.UserAsync("carol");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var first = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        (await host.ActAsync(bob, first, "answer", "b-phone")).Expect(HttpStatusCode.OK);

        var waiting = await host.PlaceCallAsync(carol, "bob");

        Assert.Equal("ringing", waiting.Str("state"));
    }

    [Fact]
    public async Task Create_CalleeInDnd_IsMissedDndAtOnceWithoutVoipPush()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var until = host.Clock.GetUtcNow().AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var dnd = (await host.SendAsync(HttpMethod.Put, "/v1/me/dnd", new { until }, bob.Token)).Expect(HttpStatusCode.OK);
        Assert.Equal(DateTimeOffset.Parse(until, CultureInfo.InvariantCulture), Time(dnd, "until"));

        var call = await host.PlaceCallAsync(alice, "bob");

        Assert.Equal("missed", call.Str("state"));
        Assert.Equal("dnd", call.Str("endReason"));
        Assert.Equal("skipped", Assert.Single(call.Array("legs"))!.Str("push"));
        Assert.Empty(host.PushesFor(call.Str("callId")!, PushKind.Voip));
    }

    [Fact]
    public async Task Dnd_ClearedOrPassed_CallsRingAgain()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var until = host.Clock.GetUtcNow().AddMinutes(10).ToString("O", CultureInfo.InvariantCulture);
        (await host.SendAsync(HttpMethod.Put, "/v1/me/dnd", new { until }, bob.Token)).Expect(HttpStatusCode.OK);
        Assert.Equal("string", (await host.GetAsync("/v1/me/dnd", bob)).Expect(HttpStatusCode.OK).Kind("until"));

        host.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.True((await host.GetAsync("/v1/me/dnd", bob)).Expect(HttpStatusCode.OK).IsNull("until"));
        Assert.Equal("ringing", (await host.PlaceCallAsync(alice, "bob")).Str("state"));

        (await host.SendAsync(HttpMethod.Put, "/v1/me/dnd", new { until = host.Clock.GetUtcNow().AddHours(1) }, bob.Token)).Expect(HttpStatusCode.OK);
        Assert.Equal("missed", (await host.PlaceCallAsync(alice, "bob")).Str("state"));
        (await host.SendAsync(HttpMethod.Put, "/v1/me/dnd", "{\"until\":null}", bob.Token)).Expect(HttpStatusCode.OK);
        Assert.Equal("ringing", (await host.PlaceCallAsync(alice, "bob")).Str("state"));
    }

    [Fact]
    public async Task Blocks_PutListDelete_ManageTheBlockList()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");

        Assert.Equal(HttpStatusCode.NoContent, (await host.SendAsync(HttpMethod.Put, "/v1/me/blocks/mallory", token: bob.Token)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await host.SendAsync(HttpMethod.Put, "/v1/me/blocks/mallory", token: bob.Token)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await host.SendAsync(HttpMethod.Put, "/v1/me/blocks/eve", token: bob.Token)).Status);
        var list = (await host.GetAsync("/v1/me/blocks", bob)).Expect(HttpStatusCode.OK).Array("blocks");
        Assert.Equal(["eve", "mallory"], list.Select(b => b!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.NoContent, (await host.SendAsync(HttpMethod.Delete, "/v1/me/blocks/eve", token: bob.Token)).Status);
        (await host.SendAsync(HttpMethod.Delete, "/v1/me/blocks/eve", token: bob.Token)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        (await host.SendAsync(HttpMethod.Put, "/v1/me/blocks/bob", token: bob.Token)).ExpectInvalid("userId");
        Assert.Equal(["mallory"], (await host.GetAsync("/v1/me/blocks", bob)).Expect(HttpStatusCode.OK).Array("blocks").Select(b => b!.GetValue<string>()));
    }

    [Fact]
    public async Task Create_BlockedCaller_LooksExactlyLikeACalleeWithNoDevices()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone", new { platform = "ios", voipToken = RandomHex.Token(), alertToken = RandomHex.Token() });
        await using var bobPhone = await host.ConnectReadyAsync(bob, "b-phone");
        Assert.Equal(HttpStatusCode.NoContent, (await host.SendAsync(HttpMethod.Put, "/v1/me/blocks/alice", token: bob.Token)).Status);

        var blocked = await host.PlaceCallAsync(alice, "bob");
        var nobody = await host.PlaceCallAsync(alice, "dave");

        foreach (var member in new[] { "state", "endReason", "version", "answeredBy", "answeredAt", "callerName", "callerHandle", "handleType", "video", "metadata", "endedBy" })
        {
            Assert.Equal(nobody[member]?.ToJsonString(), blocked[member]?.ToJsonString());
        }

        Assert.Equal("unreachable", blocked.Str("state"));
        Assert.Equal("no_devices", blocked.Str("endReason"));
        Assert.Empty(blocked.Array("legs"));
        Assert.Equal(blocked.Str("createdAt"), blocked.Str("endedAt"));
        Assert.Equal(nobody.Str("createdAt"), nobody.Str("endedAt"));
        var blockedGet = await host.GetCallAsync(alice, blocked.Str("callId")!);
        var nobodyGet = await host.GetCallAsync(alice, nobody.Str("callId")!);
        Assert.Equal(Strip(nobodyGet), Strip(blockedGet));
        Assert.Equal(await host.TraceTypesAsync(alice, nobody.Str("callId")!), await host.TraceTypesAsync(alice, blocked.Str("callId")!));

        // The callee is not told either: no event, no push of any kind.
        var seen = await bobPhone.DrainAsync();
        Assert.DoesNotContain(seen, m => SocketMessages.IsAbout(m, blocked.Str("callId")!));
        Assert.DoesNotContain(host.Pushes.Sent, p => p.CallId == Guid.Parse(blocked.Str("callId")!));

        static string Strip(JsonNode call)
        {
            var copy = call.DeepClone().AsObject();
            copy.Remove("callId");
            copy.Remove("to");
            return copy.ToJsonString();
        }
    }

    [Fact]
    public async Task Create_AfterUnblock_Rings()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.SendAsync(HttpMethod.Put, "/v1/me/blocks/alice", token: bob.Token);
        Assert.Equal("unreachable", (await host.PlaceCallAsync(alice, "bob")).Str("state"));

        await host.SendAsync(HttpMethod.Delete, "/v1/me/blocks/alice", token: bob.Token);

        Assert.Equal("ringing", (await host.PlaceCallAsync(alice, "bob")).Str("state"));
    }

    [Fact]
    public async Task MissedCall_DeviceWithAlertToken_GetsExactlyOneMissedCallAlert()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        var alertToken = RandomHex.Token();
        await host.RegisterDeviceAsync(bob, "b-phone", new { platform = "ios", voipToken = RandomHex.Token(), alertToken });
        await host.RegisterDeviceAsync(bob, "b-pad");
        var call = await host.PlaceCallAsync(alice, "bob", b => b["callerName"] = "Alice");
        var callId = call.Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();
        await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-pad").DefaultTimeout();
        await using (var pad = await host.ConnectReadyAsync(bob, "b-pad"))
        {
            await pad.RequestAsync("claim", callId);
        }

        host.Clock.AdvanceTo(Time(call, "ringUntil"));
        await host.Calls.WaitForTraceAsync(callId, "alert.sent", "b-phone").DefaultTimeout();

        var alert = Assert.Single(host.PushesFor(callId, PushKind.MissedCallAlert));
        Assert.Equal("b-phone", alert.DeviceId);
        Assert.Equal(alertToken, alert.Token);
        var payload = JsonNode.Parse(alert.Payload.Span)!;
        Assert.Equal("Missed call", payload["aps"]!["alert"].Str("title"));
        Assert.Equal("Alice", payload["aps"]!["alert"].Str("body"));
        Assert.Equal(callId, payload["ringwire"].Str("callId"));
        Assert.Equal("missed", payload["ringwire"].Str("event"));
        Assert.Equal("missed", (await host.GetCallAsync(alice, callId)).Str("state"));
    }

    [Fact]
    public async Task DndCall_DeviceWithAlertToken_GetsAMissedCallAlertButNoVoipPush()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone", new { platform = "ios", voipToken = RandomHex.Token(), alertToken = RandomHex.Token() });
        await host.SendAsync(HttpMethod.Put, "/v1/me/dnd", new { until = host.Clock.GetUtcNow().AddHours(1) }, bob.Token);

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "alert.sent", "b-phone").DefaultTimeout();

        Assert.Single(host.PushesFor(callId, PushKind.MissedCallAlert));
        Assert.Empty(host.PushesFor(callId, PushKind.Voip));
    }

    [Fact]
    public async Task Call_SendsExactlyOneVoipPushPerDevice()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        var phone = await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterDeviceAsync(bob, "b-pad");
        await host.RegisterDeviceAsync(bob, "b-android", new { platform = "android", fcmToken = "fcm-1" });
        await host.RegisterWebDeviceAsync(bob, "b-web");
        var call = await host.PlaceCallAsync(alice, "bob", b => b["callerName"] = "Alice");
        var callId = call.Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();
        await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-pad").DefaultTimeout();
        await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-android").DefaultTimeout();

        await using (var socket = await host.ConnectReadyAsync(bob, "b-phone"))
        {
            await socket.RequestAsync("claim", callId);
            await socket.RequestAsync("answer", callId);
        }

        (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);

        var voip = host.PushesFor(callId, PushKind.Voip);
        Assert.Equal(["b-pad", "b-phone"], voip.Select(p => p.DeviceId).Order());
        var toPhone = voip.Single(p => p.DeviceId == "b-phone");
        Assert.Equal(phone.Str("voipToken"), toPhone.Token);
        var payload = JsonNode.Parse(toPhone.Payload.Span)!["ringwire"]!;
        Assert.Equal(1, payload.Long("v"));
        Assert.Equal(callId, payload.Str("callId"));
        Assert.Equal("alice", payload.Str("from"));
        Assert.Equal("Alice", payload.Str("callerName"));
        Assert.Equal(Time(call, "ringUntil").ToUnixTimeMilliseconds(), payload.Long("ringUntil"));
        Assert.Equal(host.Clock.GetUtcNow().ToUnixTimeMilliseconds(), payload.Long("sentAt"));
        Assert.Equal(new Uri(host.BaseAddress, "/v1/connect").ToString().Replace("http://", "ws://", StringComparison.Ordinal), payload.Str("connect"));
        Assert.Single(host.PushesFor(callId, PushKind.AndroidIncoming));
        Assert.Equal("none", call.Array("legs").Single(l => l.Str("deviceId") == "b-web")!.Str("push"));
    }

    [Fact]
    public async Task Call_EndedBeforeItsPushesLeft_SendsNoMoreVoipPushes()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-1");
        await host.RegisterDeviceAsync(bob, "b-2");
        using var firstPushHeld = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        host.Pushes.Respond = _ =>
        {
            // The first push waits until the test has ended the call; the second has not left by then.
            if (!firstPushHeld.IsSet)
            {
                firstPushHeld.Set();
                release.Wait(TestTimeout.Default);
            }

            return PushOutcome.Delivered;
        };

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        Assert.True(firstPushHeld.Wait(TestTimeout.Default));
        (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);
        release.Set();
        await host.Calls.WaitForTraceAsync(callId, "push.sent").DefaultTimeout();

        // The held push reached the sender before the call ended; the other one must never be sent now.
        Assert.Single(host.PushesFor(callId, PushKind.Voip));
        var placeAnother = await host.PlaceCallAsync(alice, "bob");
        await host.Calls.WaitForTraceAsync(placeAnother.Str("callId")!, "push.sent", "b-1").DefaultTimeout();
        await host.Calls.WaitForTraceAsync(placeAnother.Str("callId")!, "push.sent", "b-2").DefaultTimeout();
        Assert.Single(host.PushesFor(callId, PushKind.Voip));
    }

    [Fact]
    public async Task Call_EndedAtCreation_SendsNoVoipPush()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.SendAsync(HttpMethod.Put, "/v1/me/blocks/alice", token: bob.Token);
        var blocked = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.SendAsync(HttpMethod.Delete, "/v1/me/blocks/alice", token: bob.Token);

        var ringing = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.Calls.WaitForTraceAsync(ringing, "push.sent").DefaultTimeout();

        Assert.Empty(host.PushesFor(blocked, PushKind.Voip));
        Assert.Single(host.PushesFor(ringing, PushKind.Voip));
    }
}
