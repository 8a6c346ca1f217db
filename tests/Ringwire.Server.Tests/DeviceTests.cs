using System.Net;
using System.Text.Json.Nodes;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

public sealed class DeviceTests
{
    [Fact]
    public async Task Register_IosDevice_ReturnsTheDeviceWithPushHealthOk()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        var voip = RandomHex.Token();
        var alert = RandomHex.Token();

        var device = await host.RegisterDeviceAsync(bob, "b-phone",
            new { platform = "ios", voipToken = voip.ToUpperInvariant(), alertToken = alert, apnsEnvironment = "sandbox", bundleId = "com.example.app", name = "Bob's phone" });

        Assert.Equal("b-phone", device.Str("deviceId"));
        Assert.Equal("ios", device.Str("platform"));
        Assert.Equal(voip, device.Str("voipToken"));
        Assert.Equal(alert, device.Str("alertToken"));
        Assert.Equal("sandbox", device.Str("apnsEnvironment"));
        Assert.Equal("com.example.app", device.Str("bundleId"));
        Assert.Equal("Bob's phone", device.Str("name"));
        Assert.Equal("string", device.Kind("registeredAt"));
        Assert.Equal("ok", device["pushHealth"].Str("status"));
        Assert.Equal(0, device["pushHealth"].Long("unclaimedPushes24h"));
    }

    [Fact]
    public async Task Register_SameIdAgain_UpdatesTheDeviceAndKeepsRegisteredAt()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        var first = await host.RegisterDeviceAsync(bob, "b-phone", new { platform = "ios", voipToken = RandomHex.Token(), name = "old" });
        host.Clock.Advance(TimeSpan.FromMinutes(5));

        var second = await host.RegisterDeviceAsync(bob, "b-phone", new { platform = "ios", voipToken = RandomHex.Token(), name = "new" });

        Assert.Equal("new", second.Str("name"));
        Assert.Equal(first.Str("registeredAt"), second.Str("registeredAt"));
        Assert.NotEqual(first.Str("updatedAt"), second.Str("updatedAt"));
        var list = (await host.GetAsync("/v1/devices", bob)).Expect(HttpStatusCode.OK).Array("devices");
        Assert.Equal("new", Assert.Single(list)!.Str("name"));
    }

    [Fact]
    public async Task List_ReturnsOnlyTheCallersDevices()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(alice, "a-phone");
        await host.RegisterWebDeviceAsync(alice, "a-web");
        await host.RegisterDeviceAsync(bob, "b-phone");

        var devices = (await host.GetAsync("/v1/devices", alice)).Expect(HttpStatusCode.OK).Array("devices");

        Assert.Equal(["a-phone", "a-web"], devices.Select(d => d.Str("deviceId")).Order());
    }

    [Fact]
    public async Task Delete_OwnDevice_Returns204AndRemovesIt()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");

        var deleted = await host.SendAsync(HttpMethod.Delete, "/v1/devices/b-phone", token: bob.Token);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Empty((await host.GetAsync("/v1/devices", bob)).Expect(HttpStatusCode.OK).Array("devices"));
        (await host.SendAsync(HttpMethod.Delete, "/v1/devices/b-phone", token: bob.Token)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Delete_AnotherUsersDevice_IsNotFoundAndLeavesIt()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");

        var response = await host.SendAsync(HttpMethod.Delete, "/v1/devices/b-phone", token: alice.Token);

        response.ExpectProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Single((await host.GetAsync("/v1/devices", bob)).Expect(HttpStatusCode.OK).Array("devices"));
    }

    [Fact]
    public async Task Register_SameDeviceIdAsAnotherUser_CreatesASeparateDevice()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        var bobs = await host.RegisterDeviceAsync(bob, "phone", new { platform = "ios", voipToken = RandomHex.Token(), name = "bob's" });

        await host.RegisterDeviceAsync(alice, "phone", new { platform = "ios", voipToken = RandomHex.Token(), name = "alice's" });

        var bobList = (await host.GetAsync("/v1/devices", bob)).Expect(HttpStatusCode.OK).Array("devices");
        Assert.Equal("bob's", Assert.Single(bobList)!.Str("name"));
        Assert.Equal(bobs.Str("voipToken"), bobList[0].Str("voipToken"));
    }

    [Fact]
    public async Task Register_VoipTokenHeldByAnotherUsersDevice_MovesTheToken()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        var token = RandomHex.Token();
        await host.RegisterDeviceAsync(alice, "a-phone", new { platform = "ios", voipToken = token });

        var bobs = await host.RegisterDeviceAsync(bob, "b-phone", new { platform = "ios", voipToken = token });

        Assert.Equal(token, bobs.Str("voipToken"));
        var alices = Assert.Single((await host.GetAsync("/v1/devices", alice)).Expect(HttpStatusCode.OK).Array("devices"));
        Assert.Null(alices.Str("voipToken"));
        Assert.Equal("no_token", alices!["pushHealth"].Str("status"));
    }

    [Fact]
    public async Task Register_BeyondMaxPerUser_RemovesTheDeviceRegisteredLongestAgo()
    {
        await using var host = await RingwireHost.StartAsync(new Dictionary<string, string?> { ["Ringwire:Devices:MaxPerUser"] = "2" });
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "d1");
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await host.RegisterDeviceAsync(bob, "d2");
        host.Clock.Advance(TimeSpan.FromSeconds(1));

        await host.RegisterDeviceAsync(bob, "d3");

        var devices = (await host.GetAsync("/v1/devices", bob)).Expect(HttpStatusCode.OK).Array("devices");
        Assert.Equal(["d2", "d3"], devices.Select(d => d.Str("deviceId")).Order());
    }

    [Fact]
    public async Task Register_BeyondMaxPerUser_KeepsTheDeviceSeenRecently()
    {
        await using var host = await RingwireHost.StartAsync(new Dictionary<string, string?> { ["Ringwire:Devices:MaxPerUser"] = "2" });
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "d1");
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await host.RegisterDeviceAsync(bob, "d2");
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await using (await host.ConnectReadyAsync(bob, "d1"))
        {
        }

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await host.RegisterDeviceAsync(bob, "d3");

        var devices = (await host.GetAsync("/v1/devices", bob)).Expect(HttpStatusCode.OK).Array("devices");
        Assert.Equal(["d1", "d3"], devices.Select(d => d.Str("deviceId")).Order());
    }

    [Fact]
    public async Task PushHealth_WebDevice_IsNoToken()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");

        var device = await host.RegisterWebDeviceAsync(bob, "b-web");

        Assert.Equal("no_token", device["pushHealth"].Str("status"));
    }

    [Fact]
    public async Task PushHealth_AfterThreeUnclaimedVoipPushes_IsAtRisk()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterDeviceAsync(bob, "b-pad");

        for (var i = 0; i < 3; i++)
        {
            var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
            await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();
            await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-pad").DefaultTimeout();
            if (i == 2)
            {
                // b-pad claims this one; its count stays below the threshold.
                await using var padSocket = await host.ConnectReadyAsync(bob, "b-pad");
                Assert.Equal("call", (await padSocket.RequestAsync("claim", callId)).Str("type"));
            }

            (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);
            host.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var devices = (await host.GetAsync("/v1/devices", bob)).Expect(HttpStatusCode.OK).Array("devices");
        var phone = devices.Single(d => d.Str("deviceId") == "b-phone")!;
        var pad = devices.Single(d => d.Str("deviceId") == "b-pad")!;
        Assert.Equal("at_risk", phone["pushHealth"].Str("status"));
        Assert.Equal(3, phone["pushHealth"].Long("unclaimedPushes24h"));
        Assert.Equal("ok", pad["pushHealth"].Str("status"));
        Assert.Equal(2, pad["pushHealth"].Long("unclaimedPushes24h"));
    }

    [Theory]
    [InlineData("b-phone", "{\"platform\":\"ios\",\"voipToken\":\"xyz-not-hex-xyz-not-hex-xyz-not-hex-xyz-not-hex-xyz-not-hex-xyzz\"}", "voipToken")]
    [InlineData("b-phone", "{\"platform\":\"ios\",\"voipToken\":\"abcdef\"}", "voipToken")]
    [InlineData("b-phone", "{\"platform\":\"ios\"}", "voipToken")]
    [InlineData("b-phone", "{\"voipToken\":\"0000000000000000000000000000000000000000000000000000000000000000\"}", "platform")]
    [InlineData("b-phone", "{\"platform\":\"ios\",\"voipToken\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"alertToken\":\"nothex\"}", "alertToken")]
    [InlineData("b-phone", "{\"platform\":\"android\"}", "fcmToken")]
    [InlineData("b-phone", "{\"platform\":\"blackberry\"}", "platform")]
    [InlineData("b%20phone", "{\"platform\":\"web\"}", "deviceId")]
    [InlineData("b-phone!", "{\"platform\":\"web\"}", "deviceId")]
    public async Task Register_InvalidInput_IsInvalidRequestNamingTheField(string deviceId, string body, string field)
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");

        var response = await host.SendAsync(HttpMethod.Put, $"/v1/devices/{deviceId}", body, bob.Token);

        response.ExpectInvalid(field);
    }

    [Fact]
    public async Task Register_NameLongerThan64_IsInvalidRequest()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");

        var response = await host.SendAsync(HttpMethod.Put, "/v1/devices/b-web", new JsonObject { ["platform"] = "web", ["name"] = new string('n', 65) }, bob.Token);

        response.ExpectInvalid("name");
    }

    [Fact]
    public async Task Register_DeviceIdOf129Characters_IsInvalidRequest()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");

        var response = await host.SendAsync(HttpMethod.Put, $"/v1/devices/{new string('d', 129)}", new { platform = "web" }, bob.Token);

        response.ExpectInvalid("deviceId");
    }

    [Fact]
    public async Task Register_AndroidDevice_StoresItsFcmToken()
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");

        var device = await host.RegisterDeviceAsync(bob, "b-android", new { platform = "android", fcmToken = "fcm:token-1" });

        Assert.Equal("android", device.Str("platform"));
        Assert.Equal("fcm:token-1", device.Str("fcmToken"));
        Assert.Equal("ok", device["pushHealth"].Str("status"));
    }
}
