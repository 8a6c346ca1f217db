using System.Net;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

public sealed class AuthorizationTests
{
    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/events")]
    [InlineData("POST", "/answer")]
    [InlineData("POST", "/decline")]
    [InlineData("POST", "/end")]
    public async Task CallEndpoint_UserWhoIsNotAParty_IsNotFound(string method, string suffix)
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        var carol = await host.UserAsync("carol");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterDeviceAsync(carol, "c-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        var response = await host.SendAsync(new HttpMethod(method), $"/v1/calls/{callId}{suffix}",
            method == "POST" ? new { deviceId = "c-phone" } : null, carol.Token);

        var problem = response.ExpectProblem(HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain(callId, problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("ringing", (await host.GetCallAsync(alice, callId)).Str("state"));
    }

    [Fact]
    public async Task CallEndpoint_NotAParty_LooksLikeACallThatDoesNotExist()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var carol = await host.UserAsync("carol");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        var existing = await host.GetAsync($"/v1/calls/{callId}", carol);
        var missing = await host.GetAsync($"/v1/calls/{Guid.NewGuid()}", carol);

        Assert.Equal(missing.Status, existing.Status);
        Assert.Equal(missing.Text, existing.Text);
    }

    [Theory]
    [InlineData("claim")]
    [InlineData("answer")]
    [InlineData("decline")]
    [InlineData("end")]
    [InlineData("reported")]
    public async Task SocketRequest_UserWhoIsNotAParty_IsNotFound(string type)
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        var carol = await host.UserAsync("carol");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterDeviceAsync(carol, "c-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await using var carolPhone = await host.ConnectReadyAsync(carol, "c-phone");

        var reply = await carolPhone.RequestAsync(type, callId, m => m["mustReport"] = true);
        var unknown = await carolPhone.RequestAsync(type, Guid.NewGuid().ToString(), m => m["mustReport"] = true);

        Assert.Equal("error", reply.Str("type"));
        Assert.Equal("not_found", reply.Str("code"));
        Assert.Equal("not_found", unknown.Str("code"));
        Assert.Equal("ringing", (await host.GetCallAsync(alice, callId)).Str("state"));
        Assert.DoesNotContain(await host.TraceTypesAsync(alice, callId), t => t is "claimed" or "reported");
    }

    [Fact]
    public async Task NonParty_ListsNoneOfTheCallsOfOthers_AndGetsNoEvents()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        var carol = await host.UserAsync("carol");
        await host.RegisterDeviceAsync(bob, "b-phone");
        await host.RegisterDeviceAsync(carol, "c-phone");
        await using var carolPhone = await host.ConnectReadyAsync(carol, "c-phone");

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        (await host.ActAsync(bob, callId, "answer", "b-phone")).Expect(HttpStatusCode.OK);

        Assert.Empty((await host.GetAsync("/v1/calls", carol)).Expect(HttpStatusCode.OK).Array("calls"));
        Assert.DoesNotContain(await carolPhone.DrainAsync(), m => m.Str("type") == "call");
    }

    [Fact]
    public async Task Devices_OnlyTheUsersOwnAreVisibleOrChangeable()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        var bobs = await host.RegisterDeviceAsync(bob, "b-phone");

        Assert.Empty((await host.GetAsync("/v1/devices", alice)).Expect(HttpStatusCode.OK).Array("devices"));
        (await host.SendAsync(HttpMethod.Delete, "/v1/devices/b-phone", token: alice.Token)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
        await host.RegisterDeviceAsync(alice, "b-phone", new { platform = "web", name = "alice's own b-phone" });

        var bobList = (await host.GetAsync("/v1/devices", bob)).Expect(HttpStatusCode.OK).Array("devices");
        var aliceList = (await host.GetAsync("/v1/devices", alice)).Expect(HttpStatusCode.OK).Array("devices");
        Assert.Equal(bobs.Str("voipToken"), Assert.Single(bobList)!.Str("voipToken"));
        Assert.Equal("ios", bobList[0].Str("platform"));
        Assert.Equal("web", Assert.Single(aliceList)!.Str("platform"));
    }

    [Theory]
    [InlineData("GET", "/v1/devices")]
    [InlineData("PUT", "/v1/devices/x")]
    [InlineData("DELETE", "/v1/devices/x")]
    [InlineData("GET", "/v1/calls")]
    [InlineData("POST", "/v1/calls/00000000-0000-0000-0000-000000000001/answer")]
    [InlineData("POST", "/v1/calls/00000000-0000-0000-0000-000000000001/decline")]
    [InlineData("PUT", "/v1/me/dnd")]
    [InlineData("GET", "/v1/me/dnd")]
    [InlineData("GET", "/v1/me/blocks")]
    [InlineData("PUT", "/v1/me/blocks/x")]
    [InlineData("DELETE", "/v1/me/blocks/x")]
    public async Task UserEndpoint_WithApiKey_IsForbidden_AndWithoutCredentials_IsUnauthorized(string method, string path)
    {
        await using var host = await RingwireHost.StartAsync();

        (await host.SendAsync(new HttpMethod(method), path, apiKey: true)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        (await host.SendAsync(new HttpMethod(method), path)).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("POST", "/v1/calls")]
    [InlineData("GET", "/v1/calls/00000000-0000-0000-0000-000000000001")]
    [InlineData("POST", "/v1/calls/00000000-0000-0000-0000-000000000001/end")]
    [InlineData("GET", "/v1/calls/00000000-0000-0000-0000-000000000001/events")]
    [InlineData("POST", "/v1/tokens")]
    public async Task Endpoint_WithoutCredentials_IsUnauthorized(string method, string path)
    {
        await using var host = await RingwireHost.StartAsync();

        (await host.SendAsync(new HttpMethod(method), path, "{}")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
