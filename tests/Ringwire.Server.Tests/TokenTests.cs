using System.Net;
using Ringwire.Server.Auth;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

public sealed class TokenTests
{
    [Fact]
    public async Task Mint_WithApiKey_ReturnsTokenAndExpiry()
    {
        await using var host = await RingwireHost.StartAsync();

        var body = (await host.SendAsync(HttpMethod.Post, "/v1/tokens", new { userId = "alice", ttlSeconds = 3600 }, apiKey: true))
            .Expect(HttpStatusCode.OK);

        Assert.False(string.IsNullOrEmpty(body.Str("token")));
        var payload = body.Str("token")!.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var claims = System.Text.Json.Nodes.JsonNode.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=')));
        Assert.Equal("alice", claims.Str("sub"));
        Assert.Equal("string", body.Kind("expiresAt"));
        Assert.Equal(host.Clock.GetUtcNow().AddSeconds(3600), DateTimeOffset.Parse(body.Str("expiresAt")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Mint_WithUserToken_IsForbidden()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");

        var response = await host.SendAsync(HttpMethod.Post, "/v1/tokens", new { userId = "bob" }, alice.Token);

        response.ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Mint_WithoutCredentials_IsUnauthorized()
    {
        await using var host = await RingwireHost.StartAsync();

        var response = await host.SendAsync(HttpMethod.Post, "/v1/tokens", new { userId = "bob" });

        response.ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Mint_WithWrongApiKey_IsUnauthorized()
    {
        await using var host = await RingwireHost.StartAsync();

        var response = await host.SendAsync(HttpMethod.Post, "/v1/tokens", new { userId = "bob" },
            headers: new Dictionary<string, string> { ["X-Api-Key"] = "not-the-configured-key-at-all" });

        response.ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("{\"ttlSeconds\":3600}", "userId")]
    [InlineData("{\"userId\":\"\",\"ttlSeconds\":3600}", "userId")]
    [InlineData("{\"userId\":\"bad id!\",\"ttlSeconds\":3600}", "userId")]
    [InlineData("{\"userId\":\"alice\",\"ttlSeconds\":59}", "ttlSeconds")]
    [InlineData("{\"userId\":\"alice\",\"ttlSeconds\":2592001}", "ttlSeconds")]
    [InlineData("{\"userId\":\"alice\",\"ttlSeconds\":-1}", "ttlSeconds")]
    public async Task Mint_InvalidField_IsInvalidRequestNamingTheField(string body, string field)
    {
        await using var host = await RingwireHost.StartAsync();

        var response = await host.SendAsync(HttpMethod.Post, "/v1/tokens", body, apiKey: true);

        response.ExpectInvalid(field);
    }

    [Fact]
    public async Task Mint_UserIdOf129Characters_IsInvalidRequest()
    {
        await using var host = await RingwireHost.StartAsync();

        var response = await host.SendAsync(HttpMethod.Post, "/v1/tokens", new { userId = new string('a', 129) }, apiKey: true);

        response.ExpectInvalid("userId");
    }

    [Theory]
    [InlineData(60)]
    [InlineData(2592000)]
    public async Task Mint_TtlAtTheBounds_Succeeds(int ttl)
    {
        await using var host = await RingwireHost.StartAsync();

        var response = await host.SendAsync(HttpMethod.Post, "/v1/tokens", new { userId = "a.b_c@d+e-f", ttlSeconds = ttl }, apiKey: true);

        response.Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task MintedToken_AuthenticatesItsUser()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        await host.RegisterWebDeviceAsync(alice, "a-web");

        var devices = (await host.GetAsync("/v1/devices", alice)).Expect(HttpStatusCode.OK);

        Assert.Equal("a-web", Assert.Single(devices.Array("devices"))!.Str("deviceId"));
    }

    [Fact]
    public async Task Token_AfterItsTtl_IsUnauthorized()
    {
        await using var host = await RingwireHost.StartAsync();
        var token = await host.MintTokenAsync("alice", ttlSeconds: 60);
        var alice = new TestUser("alice", token);

        host.Clock.Advance(TimeSpan.FromSeconds(59));
        (await host.GetAsync("/v1/devices", alice)).Expect(HttpStatusCode.OK);

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        (await host.GetAsync("/v1/devices", alice)).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Token_SignedWithAnotherKey_IsUnauthorized()
    {
        await using var host = await RingwireHost.StartAsync();
        var otherKey = UserTokens.KeyFrom("a-different-signing-key-of-at-least-32-bytes!");
        var (forged, _) = new UserTokens(otherKey, host.Clock).Mint("alice", TimeSpan.FromHours(1));

        var response = await host.GetAsync("/v1/devices", new TestUser("alice", forged));

        response.ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.")]
    public async Task Token_Malformed_IsUnauthorized(string token)
    {
        await using var host = await RingwireHost.StartAsync();

        var response = await host.GetAsync("/v1/devices", new TestUser("alice", token));

        response.ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task ApiKey_OnUserOnlyEndpoint_IsForbidden()
    {
        await using var host = await RingwireHost.StartAsync();

        var response = await host.SendAsync(HttpMethod.Get, "/v1/devices", apiKey: true);

        response.ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }
}
