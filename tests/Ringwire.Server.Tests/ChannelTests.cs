using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Ringwire.Server.Channel;
using Ringwire.Server.Cluster;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

public sealed class ChannelTests
{
    private static DateTimeOffset Time(JsonNode node, string name) =>
        DateTimeOffset.Parse(node.Str(name)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Fact]
    public async Task Connect_FirstMessageIsHelloWithDeviceIdAndServerTime()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        host.Clock.Advance(TimeSpan.FromMilliseconds(1234));

        await using var phone = await host.ConnectAsync(bob, "b-phone");
        var first = await phone.NextAsync();

        Assert.Equal("hello", first.Str("type"));
        Assert.Equal("b-phone", first.Str("deviceId"));
        Assert.Equal("number", first.Kind("serverTime"));
        Assert.Equal(host.Clock.GetUtcNow().ToUnixTimeMilliseconds(), first.Long("serverTime"));
    }

    [Fact]
    public async Task Connect_SendsOneIncomingPerRingingCall()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var carol = await host.UserAsync("carol");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var fromAlice = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        var fromCarol = (await host.PlaceCallAsync(carol, "bob")).Str("callId")!;
        var cancelled = (await host.PlaceCallAsync(carol, "bob")).Str("callId")!;
        (await host.ActAsync(carol, cancelled, "end", null)).Expect(HttpStatusCode.OK);
        var outgoing = (await host.PlaceCallAsync(bob, "alice")).Str("callId")!;

        await using var phone = await host.ConnectAsync(bob, "b-phone");
        var seen = await phone.DrainAsync();

        Assert.Equal("hello", seen[0].Str("type"));
        var incoming = seen.Where(m => m.Str("type") == "call").ToList();
        Assert.Equal(2, incoming.Count);
        Assert.All(incoming, m => Assert.Equal("incoming", m.Str("event")));
        Assert.All(incoming, m => Assert.Equal("ringing", m["call"].Str("state")));
        Assert.Equal(new[] { fromAlice, fromCarol }.Order(), incoming.Select(m => m["call"].Str("callId")!).Order());
        Assert.DoesNotContain(seen, m => SocketMessages.IsAbout(m, cancelled) || SocketMessages.IsAbout(m, outgoing));
    }

    [Fact]
    public async Task Connect_WhileCallsArePlaced_HelloIsAlwaysFirstAndEachCallComesOnce()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterWebDeviceAsync(bob, "b-web");
        await host.RegisterWebDeviceAsync(bob, "b-keep");
        await using var keep = await host.ConnectReadyAsync(bob, "b-keep");

        for (var round = 0; round < 40; round++)
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var connecting = Task.Run(async () => { await go.Task; return await host.ConnectAsync(bob, "b-web"); });
            var placing = Task.Run(async () =>
            {
                await go.Task;
                var response = await host.SendAsync(HttpMethod.Post, "/v1/calls", new { to = "bob", from = $"caller{round}" }, apiKey: true);
                return response.Expect(HttpStatusCode.Created).Str("callId")!;
            });
            go.SetResult();
            await using var web = await connecting.DefaultTimeout();
            var callId = await placing.DefaultTimeout();
            await keep.NextAsync(SocketMessages.Event("incoming", callId));

            var seen = await web.DrainAsync();
            Assert.Equal("hello", seen[0].Str("type"));
            Assert.Single(seen, m => SocketMessages.IsAbout(m, callId));
        }
    }

    [Fact]
    public async Task CallMessages_CarryEpochMilliseconds_WhileRestCarriesRfc3339()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await using var phone = await host.ConnectReadyAsync(bob, "b-phone");
        host.Clock.Advance(TimeSpan.FromMilliseconds(789));

        var rest = await host.PlaceCallAsync(alice, "bob");
        var callId = rest.Str("callId")!;
        var socket = (await phone.NextAsync(SocketMessages.Event("incoming", callId)))["call"]!;
        var answered = (await phone.RequestAsync("answer", callId))["call"]!;

        Assert.Equal("string", rest.Kind("createdAt"));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", rest.Str("createdAt"));
        Assert.Equal("number", socket.Kind("createdAt"));
        Assert.Equal("number", socket.Kind("ringUntil"));
        Assert.Equal(Time(rest, "createdAt").ToUnixTimeMilliseconds(), socket.Long("createdAt"));
        Assert.Equal(Time(rest, "ringUntil").ToUnixTimeMilliseconds(), socket.Long("ringUntil"));
        Assert.Equal("null", socket.Kind("answeredAt"));
        Assert.Equal("number", answered.Kind("answeredAt"));
        var restAnswered = await host.GetCallAsync(bob, callId);
        Assert.Equal(Time(restAnswered, "answeredAt").ToUnixTimeMilliseconds(), answered.Long("answeredAt"));
    }

    [Fact]
    public async Task Claim_ByCallee_RepliesWithTheCallAndRecordsTheClaim()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await using var phone = await host.ConnectReadyAsync(bob, "b-phone");

        var reply = await phone.RequestAsync("claim", callId);

        Assert.Equal("call", reply.Str("type"));
        Assert.Equal(callId, reply["call"].Str("callId"));
        Assert.Equal("missing", reply.Kind("endReason"));
        Assert.Equal(host.Clock.GetUtcNow().ToUnixTimeMilliseconds(), reply["call"]!["legs"]![0].Long("claimedAt"));
        Assert.Equal("string", Assert.Single((await host.GetCallAsync(alice, callId)).Array("legs"))!.Kind("claimedAt"));
    }

    [Fact]
    public async Task Claim_EndedCall_RepliesWithTheDevicesEndReason()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);
        await using var phone = await host.ConnectReadyAsync(bob, "b-phone");

        var reply = await phone.RequestAsync("claim", callId);

        Assert.Equal("cancelled", reply["call"].Str("state"));
        Assert.Equal("remoteEnded", reply.Str("endReason"));
    }

    [Fact]
    public async Task Answer_OverTheSocket_RepliesAndTellsEveryDeviceOfBothParties()
    {
        await using var host = await RingwireHost.StartAsync();
        var (_, _, aWeb, bPhone, bPad, callId) = await RingingWithDevicesAsync(host);

        var reply = await bPhone.RequestAsync("answer", callId);

        Assert.Equal("answered", reply["call"].Str("state"));
        Assert.Equal("missing", reply.Kind("endReason"));
        Assert.Equal("missing", (await bPhone.NextAsync(SocketMessages.Event("answered", callId))).Kind("endReason"));
        Assert.Equal("answeredElsewhere", (await bPad.NextAsync(SocketMessages.Event("answered", callId))).Str("endReason"));
        Assert.Equal("missing", (await aWeb.NextAsync(SocketMessages.Event("answered", callId))).Kind("endReason"));
        await DisposeAllAsync(aWeb, bPhone, bPad);
    }

    [Fact]
    public async Task Decline_OverTheSocket_TellsOtherCalleeDevicesDeclinedElsewhere()
    {
        await using var host = await RingwireHost.StartAsync();
        var (_, _, aWeb, bPhone, bPad, callId) = await RingingWithDevicesAsync(host);

        var reply = await bPad.RequestAsync("decline", callId);

        Assert.Equal("declined", reply["call"].Str("state"));
        Assert.Equal("callee_declined", reply["call"].Str("endReason"));
        Assert.Equal("missing", reply.Kind("endReason"));
        Assert.Equal("missing", (await bPad.NextAsync(SocketMessages.Event("declined", callId))).Kind("endReason"));
        Assert.Equal("declinedElsewhere", (await bPhone.NextAsync(SocketMessages.Event("declined", callId))).Str("endReason"));
        Assert.Equal("remoteEnded", (await aWeb.NextAsync(SocketMessages.Event("declined", callId))).Str("endReason"));
        await DisposeAllAsync(aWeb, bPhone, bPad);
    }

    [Fact]
    public async Task Decline_AsBusyOverTheSocket_EndsTheCallBusyForTheCaller()
    {
        await using var host = await RingwireHost.StartAsync();
        var (_, _, aWeb, bPhone, bPad, callId) = await RingingWithDevicesAsync(host);

        var reply = await bPad.RequestAsync("decline", callId, m => m["reason"] = "busy");

        Assert.Equal("declined", reply["call"].Str("state"));
        Assert.Equal("busy", reply["call"].Str("endReason"));
        Assert.Equal("declinedElsewhere", (await bPhone.NextAsync(SocketMessages.Event("declined", callId))).Str("endReason"));
        var caller = await aWeb.NextAsync(SocketMessages.Event("declined", callId));
        Assert.Equal("busy", caller["call"].Str("endReason"));
        Assert.Equal("failed", caller.Str("endReason"));
        await DisposeAllAsync(aWeb, bPhone, bPad);
    }

    [Theory]
    [InlineData("answer", "busy")]
    [InlineData("end", "busy")]
    [InlineData("decline", "tired")]
    public async Task Reason_OtherThanBusyOnDecline_IsInvalidAndChangesNothing(string type, string reason)
    {
        await using var host = await RingwireHost.StartAsync();
        var (alice, _, aWeb, bPhone, bPad, callId) = await RingingWithDevicesAsync(host);

        var reply = await bPad.RequestAsync(type, callId, m => m["reason"] = reason);

        Assert.Equal("error", reply.Str("type"));
        Assert.Equal("invalid_request", reply.Str("code"));
        Assert.Equal("ringing", (await host.GetCallAsync(alice, callId)).Str("state"));
        await DisposeAllAsync(aWeb, bPhone, bPad);
    }

    [Fact]
    public async Task End_ByCallerOverTheSocket_TellsCalleeDevicesRemoteEnded()
    {
        await using var host = await RingwireHost.StartAsync();
        var (_, _, aWeb, bPhone, bPad, callId) = await RingingWithDevicesAsync(host);

        var reply = await aWeb.RequestAsync("end", callId);

        Assert.Equal("cancelled", reply["call"].Str("state"));
        Assert.Equal("missing", reply.Kind("endReason"));
        Assert.Equal("missing", (await aWeb.NextAsync(SocketMessages.Event("cancelled", callId))).Kind("endReason"));
        Assert.Equal("remoteEnded", (await bPhone.NextAsync(SocketMessages.Event("cancelled", callId))).Str("endReason"));
        Assert.Equal("remoteEnded", (await bPad.NextAsync(SocketMessages.Event("cancelled", callId))).Str("endReason"));
        await DisposeAllAsync(aWeb, bPhone, bPad);
    }

    [Fact]
    public async Task End_AfterAnswerByCallee_TellsTheCallerRemoteEnded()
    {
        await using var host = await RingwireHost.StartAsync();
        var (_, _, aWeb, bPhone, bPad, callId) = await RingingWithDevicesAsync(host);
        await bPhone.RequestAsync("answer", callId);

        var reply = await bPhone.RequestAsync("end", callId);

        Assert.Equal("ended", reply["call"].Str("state"));
        Assert.Equal("hangup", reply["call"].Str("endReason"));
        Assert.Equal("missing", reply.Kind("endReason"));
        Assert.Equal("remoteEnded", (await aWeb.NextAsync(SocketMessages.Event("ended", callId))).Str("endReason"));
        Assert.Equal("answeredElsewhere", (await bPad.NextAsync(SocketMessages.Event("ended", callId))).Str("endReason"));
        await DisposeAllAsync(aWeb, bPhone, bPad);
    }

    [Fact]
    public async Task RingTimeout_TellsEveryDeviceUnanswered()
    {
        await using var host = await RingwireHost.StartAsync();
        var (alice, _, aWeb, bPhone, bPad, callId) = await RingingWithDevicesAsync(host);
        var ringUntil = Time(await host.GetCallAsync(alice, callId), "ringUntil");

        host.Clock.AdvanceTo(ringUntil);

        foreach (var socket in new[] { aWeb, bPhone, bPad })
        {
            var missed = await socket.NextAsync(SocketMessages.Event("missed", callId));
            Assert.Equal("unanswered", missed.Str("endReason"));
            Assert.Equal("ring_timeout", missed["call"].Str("endReason"));
        }

        await DisposeAllAsync(aWeb, bPhone, bPad);
    }

    [Fact]
    public async Task NewCall_IsAnnouncedIncomingToConnectedDevicesOfBothParties()
    {
        await using var host = await RingwireHost.StartAsync();
        var (_, _, aWeb, bPhone, bPad, callId) = await RingingWithDevicesAsync(host);

        // RingingWithDevicesAsync has waited for the event on each socket; here is what each one got.
        foreach (var socket in new[] { aWeb, bPhone, bPad })
        {
            var incoming = Assert.Single(await socket.DrainAsync(), m => SocketMessages.IsAbout(m, callId));
            Assert.Equal("incoming", incoming.Str("event"));
            Assert.Equal("ringing", incoming["call"].Str("state"));
            Assert.Equal("missing", incoming.Kind("endReason"));
            Assert.Equal("missing", incoming.Kind("replyTo"));
        }

        await DisposeAllAsync(aWeb, bPhone, bPad);
    }

    [Fact]
    public async Task Answer_LateOverTheSocket_IsAnsweredElsewhereError()
    {
        await using var host = await RingwireHost.StartAsync();
        var (_, _, aWeb, bPhone, bPad, callId) = await RingingWithDevicesAsync(host);
        await bPhone.RequestAsync("answer", callId);

        var late = await bPad.RequestAsync("answer", callId);
        var byCaller = await aWeb.RequestAsync("answer", callId);

        Assert.Equal("error", late.Str("type"));
        Assert.Equal("answered_elsewhere", late.Str("code"));
        Assert.Equal("error", byCaller.Str("type"));
        Assert.Equal("forbidden", byCaller.Str("code"));
        await aWeb.RequestAsync("end", callId);
        var ended = await bPad.RequestAsync("decline", callId);
        Assert.Equal("call_ended", ended.Str("code"));
        await DisposeAllAsync(aWeb, bPhone, bPad);
    }

    [Fact]
    public async Task Reported_RepliesOk()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await using var phone = await host.ConnectReadyAsync(bob, "b-phone");

        var reply = await phone.RequestAsync("reported", callId, m => m["mustReport"] = false);
        var withNull = await phone.RequestAsync("reported", callId, m => m["mustReport"] = null);

        Assert.Equal("ok", reply.Str("type"));
        Assert.Equal("ok", withNull.Str("type"));
        Assert.Equal("string", Assert.Single((await host.GetCallAsync(bob, callId)).Array("legs"))!.Kind("reportedAt"));
        Assert.Contains("reported", await host.TraceTypesAsync(bob, callId));
    }

    [Fact]
    public async Task Ping_RepliesPong()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await using var phone = await host.ConnectReadyAsync(bob, "b-phone");

        var pong = await phone.RequestAsync("ping");

        Assert.Equal("pong", pong.Str("type"));
        await phone.SendAsync(new { type = "ping" });
        Assert.Equal("missing", (await phone.NextAsync(m => m.Str("type") == "pong" && m.Kind("replyTo") == "missing")).Kind("replyTo"));
    }

    [Theory]
    [InlineData("not json at all", null)]
    [InlineData("[1,2,3]", null)]
    [InlineData("\"a string\"", null)]
    [InlineData("null", null)]
    [InlineData("{\"id\":\"m1\"}", "m1")]
    [InlineData("{\"type\":\"dance\",\"id\":\"m2\"}", "m2")]
    [InlineData("{\"type\":5,\"id\":\"m3\"}", null)]
    [InlineData("{\"type\":\"claim\",\"id\":\"m4\"}", "m4")]
    [InlineData("{\"type\":\"answer\",\"id\":\"m5\",\"callId\":\"not-a-uuid\"}", "m5")]
    [InlineData("{\"type\":\"reported\",\"id\":\"m6\",\"callId\":\"00000000-0000-0000-0000-000000000001\",\"mustReport\":\"yes\"}", null)]
    [InlineData("{\"type\":\"end\",\"id\":\"m7\",\"callId\":42}", null)]
    [InlineData("{\"type\":\"ping\",\"id\":{\"nested\":true}}", null)]
    public async Task MalformedFrame_GetsInvalidRequestAndTheSocketStaysOpen(string frame, string? replyTo)
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await using var phone = await host.ConnectReadyAsync(bob, "b-phone");

        await phone.SendRawAsync(frame);
        var error = await phone.NextAsync(m => m.Str("type") == "error");

        Assert.Equal("invalid_request", error.Str("code"));
        Assert.Equal(replyTo, error.Str("replyTo"));
        await phone.PingAsync();
        Assert.Empty(host.Logs.Errors);
    }

    [Fact]
    public async Task BinaryFrame_GetsInvalidRequestAndTheSocketStaysOpen()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await using var phone = await host.ConnectReadyAsync(bob, "b-phone");

        await phone.SendRawAsync(Encoding.UTF8.GetBytes("{\"type\":\"ping\"}"), WebSocketMessageType.Binary);

        Assert.Equal("invalid_request", (await phone.NextAsync(m => m.Str("type") == "error")).Str("code"));
        await phone.PingAsync();
    }

    [Fact]
    public async Task Message_Of16KiB_IsAccepted()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await using var phone = await host.ConnectReadyAsync(bob, "b-phone");
        var prefix = "{\"type\":\"ping\",\"id\":\"big\",\"pad\":\"";
        var frame = prefix + new string('p', (16 * 1024) - prefix.Length - 2) + "\"}";
        Assert.Equal(16 * 1024, Encoding.UTF8.GetByteCount(frame));

        await phone.SendRawAsync(frame);

        Assert.Equal("pong", (await phone.NextAsync(m => m.Str("replyTo") == "big")).Str("type"));
    }

    [Fact]
    public async Task Message_Over16KiB_ClosesTheSocketWith1009()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await using var phone = await host.ConnectReadyAsync(bob, "b-phone");

        await phone.SendRawAsync("{\"type\":\"ping\",\"pad\":\"" + new string('p', 17 * 1024) + "\"}");
        await phone.Closed.DefaultTimeout();

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, phone.CloseStatus);
        var connections = host.Service<DeviceConnections>();
        await Eventually.TrueAsync(() => !connections.IsConnected("bob"), () => host.GetAsync("/v1/devices", bob), "the server forgot the closed socket");
    }

    [Fact]
    public async Task Connect_CarryingTheClaimOfAnEndedCall_AnswersItRightAfterTheHello()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);

        await using var socket = await DeviceSocket.ConnectAsync(host.BaseAddress, bob.Token, "b-phone", $"claim={callId}");
        var hello = await socket.NextAsync();
        var reply = await socket.NextAsync();

        Assert.Equal("hello", hello.Str("type"));
        Assert.Equal($"claim:{callId}", reply.Str("replyTo"));
        Assert.Equal("cancelled", reply["call"].Str("state"));
        Assert.Equal("remoteEnded", reply.Str("endReason"));
        Assert.Contains("claimed", await host.TraceTypesAsync(bob, callId));
    }

    [Fact]
    public async Task Connect_CarryingClaims_AnswersEachAfterTheRingingCalls()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var ringing = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        var unknown = Guid.NewGuid().ToString("D");

        await using var socket = await DeviceSocket.ConnectAsync(host.BaseAddress, bob.Token, "b-phone", $"claim={ringing},{unknown}");
        var messages = new[] { await socket.NextAsync(), await socket.NextAsync(), await socket.NextAsync(), await socket.NextAsync() };

        Assert.Equal(["hello", "call", "call", "error"], messages.Select(m => m.Str("type")));
        Assert.Equal("incoming", messages[1].Str("event"));
        Assert.Equal($"claim:{ringing}", messages[2].Str("replyTo"));
        Assert.Equal("ringing", messages[2]["call"].Str("state"));
        Assert.Equal($"claim:{unknown}", messages[3].Str("replyTo"));
        Assert.Equal("not_found", messages[3].Str("code"));
    }

    [Theory]
    [InlineData("claim=not-a-call")]
    [InlineData("claim=")]
    [InlineData("claim=00000000-0000-0000-0000-000000000001,00000000-0000-0000-0000-000000000002,00000000-0000-0000-0000-000000000003,00000000-0000-0000-0000-000000000004,00000000-0000-0000-0000-000000000005,00000000-0000-0000-0000-000000000006,00000000-0000-0000-0000-000000000007,00000000-0000-0000-0000-000000000008,00000000-0000-0000-0000-000000000009")]
    public async Task Connect_WithABadClaim_IsInvalidRequestBeforeUpgrade(string claim)
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");

        using var raw = await RawWebSocketClient.OpenAsync(host.BaseAddress, DeviceSocket.Address(host.BaseAddress, bob.Token, "b-phone", claim).PathAndQuery);

        AssertProblem(raw, 400, "invalid_request");
    }

    [Fact]
    public async Task Connect_UnregisteredDevice_IsForbiddenBeforeUpgrade()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");

        using var raw = await RawWebSocketClient.OpenAsync(host.BaseAddress, DeviceSocket.Address(host.BaseAddress, bob.Token, "b-ghost").PathAndQuery);

        AssertProblem(raw, 403, "forbidden");
    }

    [Fact]
    public async Task Connect_AnotherUsersDevice_IsForbiddenBeforeUpgrade()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");

        using var raw = await RawWebSocketClient.OpenAsync(host.BaseAddress, DeviceSocket.Address(host.BaseAddress, alice.Token, "b-phone").PathAndQuery);

        AssertProblem(raw, 403, "forbidden");
    }

    [Theory]
    [InlineData("")]
    [InlineData("&deviceId=")]
    [InlineData("&deviceId=bad%20id")]
    public async Task Connect_MissingOrInvalidDeviceId_IsInvalidRequestBeforeUpgrade(string deviceQuery)
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");

        using var raw = await RawWebSocketClient.OpenAsync(host.BaseAddress, $"/v1/connect?access_token={bob.Token}{deviceQuery}");

        AssertProblem(raw, 400, "invalid_request");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("garbage")]
    public async Task Connect_MissingOrInvalidToken_IsUnauthorizedBeforeUpgrade(string? token)
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");

        using var raw = await RawWebSocketClient.OpenAsync(host.BaseAddress, DeviceSocket.Address(host.BaseAddress, token, "b-phone").PathAndQuery);

        AssertProblem(raw, 401, "unauthorized");
    }

    [Fact]
    public async Task Connect_ExpiredToken_IsUnauthorized()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = new TestUser("bob", await host.MintTokenAsync("bob", 60));
        await host.RegisterDeviceAsync(bob, "b-phone");
        host.Clock.Advance(TimeSpan.FromSeconds(61));

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => host.ConnectAsync(bob, "b-phone"));

        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_WithBearerHeader_Works()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {bob.Token}");

        await socket.ConnectAsync(DeviceSocket.Address(host.BaseAddress, null, "b-phone"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).DefaultTimeout();
    }

    [Fact]
    public async Task Connect_WithApiKey_IsForbidden()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");

        var response = await host.SendAsync(HttpMethod.Get, "/v1/connect?deviceId=b-phone", apiKey: true);

        response.ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task IdleSocket_ThatNeverAnswersPings_IsClosedAndForgotten()
    {
        await using var host = await RingwireHost.StartAsync(new Dictionary<string, string?>
        {
            ["Ringwire:Channel:KeepAliveSeconds"] = "0.2",
            ["Ringwire:Channel:KeepAliveTimeoutSeconds"] = "0.2",
        });
        var bob = await host.UserAsync("bob");
        await host.RegisterWebDeviceAsync(bob, "b-web");
        var connections = host.Service<DeviceConnections>();

        using var raw = await RawWebSocketClient.OpenAsync(host.BaseAddress, DeviceSocket.Address(host.BaseAddress, bob.Token, "b-web").PathAndQuery);
        Assert.Equal(101, raw.Status);
        await Eventually.TrueAsync(() => connections.IsConnected("bob", "b-web"), () => host.GetAsync("/v1/devices", bob), "the server registered the socket");

        var bytes = await raw.ReadUntilClosedAsync().DefaultTimeout();

        Assert.True(bytes > 0, "The hello (and pings) should have come before the close.");
        // Forgotten everywhere a call placement looks: this node's connections and, on PostgreSQL, the shared presence,
        // which the channel clears just after this node's list.
        var presence = host.Service<IDevicePresence>();
        var present = true;
        await Eventually.TrueAsync(() => !present, async () => present = await presence.IsConnectedAsync("bob", CancellationToken.None),
            "the server forgot the idle socket");
        Assert.False(connections.IsConnected("bob"));
        var alice = await host.UserAsync("alice");
        Assert.Equal("unreachable", (await host.PlaceCallAsync(alice, "bob")).Str("state"));
    }

    private static void AssertProblem(RawWebSocketClient raw, int status, string code)
    {
        Assert.Equal(status, raw.Status);
        Assert.StartsWith("application/problem+json", raw.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(code, JsonNode.Parse(raw.Body).Str("code"));
    }

    private static async Task DisposeAllAsync(params DeviceSocket[] sockets)
    {
        foreach (var socket in sockets)
        {
            await socket.DisposeAsync();
        }
    }

    /// <summary>Alice (a-web) calls Bob (b-phone, b-pad), all three connected, the incoming event seen by all.</summary>
    private static async Task<(TestUser Alice, TestUser Bob, DeviceSocket AWeb, DeviceSocket BPhone, DeviceSocket BPad, string CallId)> RingingWithDevicesAsync(RingwireHost host)
    {
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterWebDeviceAsync(alice, "a-web");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterDeviceAsync(bob, "b-pad");
        var aWeb = await host.ConnectReadyAsync(alice, "a-web");
        var bPhone = await host.ConnectReadyAsync(bob, "b-phone");
        var bPad = await host.ConnectReadyAsync(bob, "b-pad");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        foreach (var socket in new[] { aWeb, bPhone, bPad })
        {
            await socket.NextAsync(SocketMessages.Event("incoming", callId));
        }

        return (alice, bob, aWeb, bPhone, bPad, callId);
    }
}
