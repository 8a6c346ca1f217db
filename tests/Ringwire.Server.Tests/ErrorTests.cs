using System.Net;
using System.Text;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

public sealed class ErrorTests
{
    [Theory]
    [InlineData("GET", "/nope")]
    [InlineData("GET", "/v1")]
    [InlineData("POST", "/v1/calls/00000000-0000-0000-0000-000000000001/transfer")]
    [InlineData("GET", "/v2/calls")]
    public async Task UnknownRoute_IsNotFoundProblem(string method, string path)
    {
        await using var host = await RingwireHost.StartAsync();

        (await host.SendAsync(new HttpMethod(method), path, apiKey: true)).ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task WrongMethod_IsAProblemWithACode()
    {
        await using var host = await RingwireHost.StartAsync();

        var response = await host.SendAsync(HttpMethod.Patch, "/v1/tokens", apiKey: true);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.False(string.IsNullOrEmpty(response.Code));
    }

    [Theory]
    [InlineData("POST", "/v1/calls", true)]
    [InlineData("POST", "/v1/calls", false)]
    [InlineData("PUT", "/v1/devices/b-phone", true)]
    [InlineData("POST", "/v1/tokens", true)]
    [InlineData("PUT", "/v1/me/dnd", false)]
    public async Task BodyOver64KiB_IsPayloadTooLarge(string method, string path, bool withLength)
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var json = Encoding.UTF8.GetBytes("{\"to\":\"bob\",\"userId\":\"bob\",\"platform\":\"web\",\"pad\":\"" + new string('x', 70 * 1024) + "\"}");
        HttpContent content = withLength
            ? new ByteArrayContent(json)
            : new StreamContent(new UnknownLengthStream(json));
        content.Headers.ContentType = new("application/json");

        var response = await host.SendAsync(new HttpMethod(method), path, content, path == "/v1/tokens" ? null : alice.Token, apiKey: path == "/v1/tokens");

        response.ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task CallFloodFromOneUser_BeyondTheLimit_IsRateLimitedWithRetryAfter()
    {
        await using var host = await RingwireHost.StartAsync(new Dictionary<string, string?> { ["Ringwire:RateLimits:CallsPerMinutePerUser"] = "2" });
        var alice = await host.UserAsync("alice");
        var carol = await host.UserAsync("carol");

        (await host.PostAsync("/v1/calls", alice, new { to = "bob" })).Expect(HttpStatusCode.Created);
        (await host.PostAsync("/v1/calls", alice, new { to = "bob" })).Expect(HttpStatusCode.Created);
        var third = await host.PostAsync("/v1/calls", alice, new { to = "bob" });

        third.ExpectProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(third.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"Retry-After: {third.Headers.RetryAfter}");
        Assert.Equal(2, (await host.GetAsync("/v1/calls", alice)).Expect(HttpStatusCode.OK).Array("calls").Count);
        // Another user, and app backends, are not held back by Alice's flood.
        (await host.PostAsync("/v1/calls", carol, new { to = "bob" })).Expect(HttpStatusCode.Created);
        (await host.SendAsync(HttpMethod.Post, "/v1/calls", new { to = "bob", from = "alice" }, apiKey: true)).Expect(HttpStatusCode.Created);
    }

    private static readonly Dictionary<string, byte[]> Garbage = CreateGarbage();

    public static TheoryData<string> GarbageNames() => [.. Garbage.Keys];

    private static Dictionary<string, byte[]> CreateGarbage()
    {
        var data = new Dictionary<string, byte[]>();
        void Add(string name, string text) => data.Add(name, Encoding.UTF8.GetBytes(text));
        Add("empty", "");
        Add("whitespace", "   ");
        Add("null", "null");
        Add("array", "[1,2,3]");
        Add("array of objects", "[{\"to\":\"bob\"}]");
        Add("string", "\"hello\"");
        Add("number", "42");
        Add("plain text", "this is not json");
        Add("xml", "<call><to>bob</to></call>");
        Add("truncated", "{\"to\":\"bob\"");
        Add("trailing garbage", "{\"to\":\"bob\"} trailing");
        Add("wrong types", "{\"to\":1,\"from\":true,\"userId\":[],\"ttlSeconds\":\"x\",\"platform\":{},\"voipToken\":5,\"deviceId\":7,\"until\":false,\"ringSeconds\":\"45\",\"video\":\"yes\"}");
        Add("nulls", "{\"to\":null,\"from\":null,\"userId\":null,\"ttlSeconds\":null,\"platform\":null,\"voipToken\":null,\"deviceId\":null,\"video\":null,\"ringSeconds\":null,\"metadata\":null,\"handleType\":null}");
        Add("numbers out of range", "{\"to\":\"bob\",\"ttlSeconds\":1e300,\"ringSeconds\":99999999999999,\"userId\":\"bob\"}");
        Add("enum as undefined number", "{\"to\":\"bob\",\"userId\":\"bob\",\"platform\":7,\"handleType\":9,\"apnsEnvironment\":5,\"deviceId\":\"b-phone\"}");
        Add("enum as number", "{\"to\":\"bob\",\"userId\":\"bob\",\"platform\":1,\"fcmToken\":\"t\",\"handleType\":2,\"apnsEnvironment\":1,\"deviceId\":\"b-phone\"}");
        Add("enum as unknown name", "{\"to\":\"bob\",\"platform\":\"symbian\",\"handleType\":\"fax\",\"apnsEnvironment\":\"staging\"}");
        Add("bad date", "{\"until\":\"next tuesday\",\"to\":\"bob\"}");
        Add("date as number", "{\"until\":1772443800000}");
        Add("date out of range", "{\"until\":\"99999-01-01T00:00:00Z\"}");
        Add("huge strings", "{\"to\":\"" + new string('b', 60_000) + "\",\"userId\":\"" + new string('u', 1000) + "\",\"deviceId\":\"" + new string('d', 1000) + "\",\"voipToken\":\"" + new string('a', 1000) + "\",\"platform\":\"ios\"}");
        Add("deep nesting", new string('[', 5000) + new string(']', 5000));
        Add("deep metadata", "{\"to\":\"bob\",\"metadata\":" + new string('[', 200) + new string(']', 200) + "}");
        Add("control characters", "{\"to\":\"bo\u0001b\",\"userId\":\"a\u0000b\",\"deviceId\":\"\\u0000\"}");
        Add("lone surrogate escape", "{\"to\":\"\\ud800\",\"userId\":\"\\udfff\",\"callerName\":\"\\ud800x\",\"name\":\"\\ud800\"}");
        Add("duplicate members", "{\"to\":\"bob\",\"to\":\"carol\",\"userId\":\"a\",\"userId\":\"b\"}");
        data.Add("invalid utf-8", [0x7B, 0x22, 0x74, 0x6F, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0xC3, 0x28, 0x22, 0x7D]);
        data.Add("utf-16 bom", [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00]);
        data.Add("binary zeros", new byte[64]);
        return data;
    }

    [Theory]
    [MemberData(nameof(GarbageNames))]
    public async Task GarbageBody_OnEveryEndpoint_IsNeverA500(string name)
    {
        var body = Garbage[name];
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        var targets = new (HttpMethod Method, string Path, string? Token, bool ApiKey)[]
        {
            (HttpMethod.Post, "/v1/tokens", null, true),
            (HttpMethod.Put, "/v1/devices/b-phone", bob.Token, false),
            (HttpMethod.Post, "/v1/calls", alice.Token, false),
            (HttpMethod.Post, "/v1/calls", null, true),
            (HttpMethod.Post, $"/v1/calls/{callId}/answer", bob.Token, false),
            (HttpMethod.Post, $"/v1/calls/{callId}/decline", bob.Token, false),
            (HttpMethod.Post, $"/v1/calls/{callId}/end", bob.Token, false),
            (HttpMethod.Put, "/v1/me/dnd", bob.Token, false),
            (HttpMethod.Put, "/v1/me/blocks/mallory", bob.Token, false),
        };

        foreach (var (method, path, token, apiKey) in targets)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            var response = await host.SendAsync(method, path, content, token, apiKey);

            Assert.True((int)response.Status < 500, $"{name}: {method} {path} → {response}");
            if ((int)response.Status >= 400)
            {
                Assert.Equal("application/problem+json", response.ContentType);
                Assert.False(string.IsNullOrEmpty(response.Code), $"{name}: {method} {path} → {response}");
            }
        }

        Assert.Empty(host.Logs.Errors);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task NonJsonContentType_IsNeverA500(string contentType)
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");

        var content = new StringContent("to=bob&video=true");
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        var response = await host.SendAsync(HttpMethod.Post, "/v1/calls", content, alice.Token);

        response.ExpectProblem(HttpStatusCode.BadRequest, "invalid_request");
        Assert.Empty(host.Logs.Errors);
    }

    [Theory]
    [InlineData("/v1/calls/%00")]
    [InlineData("/v1/calls/..%2F..%2Fetc")]
    [InlineData("/v1/devices/%F0%9F%93%B1")]
    [InlineData("/v1/calls?limit=-1")]
    [InlineData("/v1/calls?limit=99999999999999999999")]
    public async Task GarbagePathsAndQueries_AreNeverA500(string path)
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Post, HttpMethod.Delete })
        {
            var response = await host.SendAsync(method, path, "{\"platform\":\"web\"}", alice.Token);

            Assert.True((int)response.Status < 500, $"{method} {path} → {response}");
        }

        Assert.Empty(host.Logs.Errors);
    }

    [Theory]
    [InlineData("PUT", "/v1/devices/b-phone", "{\"platform\":1,\"fcmToken\":\"t\"}", "platform")]
    [InlineData("PUT", "/v1/devices/b-phone", "{\"platform\":\"2\"}", "platform")]
    [InlineData("PUT", "/v1/devices/b-phone", "{\"platform\":\"ios\",\"voipToken\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"apnsEnvironment\":0}", "apnsEnvironment")]
    [InlineData("POST", "/v1/calls", "{\"to\":\"bob\",\"handleType\":1}", "handleType")]
    [InlineData("PUT", "/v1/me/dnd", "{\"until\":\"next tuesday\"}", "until")]
    [InlineData("PUT", "/v1/me/dnd", "{\"until\":1772443800000}", "until")]
    public async Task ValueOfTheWrongKind_IsInvalidRequestNamingTheField(string method, string path, string body, string field)
    {
        await using var host = await RingwireHost.StartAsync();
        var bob = await host.UserAsync("bob");

        var response = await host.SendAsync(new HttpMethod(method), path, body, bob.Token);

        response.ExpectInvalid(field);
    }

    [Fact]
    public async Task IdempotencyKeyTooLong_IsInvalidRequest()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");

        var response = await host.SendAsync(HttpMethod.Post, "/v1/calls", new { to = "bob" }, alice.Token,
            headers: new Dictionary<string, string> { ["Idempotency-Key"] = new string('k', 256) });

        response.ExpectInvalid("Idempotency-Key");
    }
}
