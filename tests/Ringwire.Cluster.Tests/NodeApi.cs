using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ringwire.Cluster.Tests;

/// <summary>The REST calls the cluster tests make on one node.</summary>
public sealed class NodeApi(ServerProcess node) : IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = node.BaseAddress, Timeout = TestTimeout.Default };

    public ServerProcess Node => node;

    public async Task<string> TokenAsync(string userId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = JsonContent.Create(new { userId, ttlSeconds = 3600 }) };
        request.Headers.Add("X-Api-Key", ServerProcess.ApiKey);
        return (await SendAsync(request, HttpStatusCode.OK)).Str("token")!;
    }

    public Task RegisterAsync(string token, string deviceId, object body) =>
        SendAsync(Authorized(HttpMethod.Put, $"/v1/devices/{deviceId}", token, body), HttpStatusCode.OK);

    public Task<JsonNode> PlaceCallAsync(string token, string to, int ringSeconds) =>
        SendAsync(Authorized(HttpMethod.Post, "/v1/calls", token, new { to, ringSeconds }), HttpStatusCode.Created);

    public Task<JsonNode> GetCallAsync(string token, string callId) =>
        SendAsync(Authorized(HttpMethod.Get, $"/v1/calls/{callId}", token, null), HttpStatusCode.OK);

    public void Dispose() => _client.Dispose();

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token, object? body)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private async Task<JsonNode> SendAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        using (request)
        {
            using var response = await _client.SendAsync(request).DefaultTimeout();
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{request.Method} {request.RequestUri} on {node.Name}: {(int)response.StatusCode} {text}");
            return JsonNode.Parse(text)!;
        }
    }
}
