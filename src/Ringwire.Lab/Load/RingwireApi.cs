using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Ringwire.Lab.Load;

/// <summary>
/// The REST side of the contract that the load run uses, over one shared connection pool. With several nodes, calls
/// are placed and ended round robin across them; set-up goes to the first.
/// </summary>
internal sealed class RingwireApi : IDisposable
{
    private static TimeSpan RequestTimeout => TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly string? _apiKey;
    private readonly Uri _tokensUri;
    private readonly Uri[] _callsUris;
    private int _next;

    public RingwireApi(IReadOnlyList<Uri> baseUrls, string? apiKey, int concurrency)
    {
        BaseUrls = baseUrls;
        _apiKey = apiKey;
        _tokensUri = new Uri(BaseUrl, "v1/tokens");
        _callsUris = [.. baseUrls.Select(u => new Uri(u, "v1/calls"))];

        // One explicitly configured handler: no proxy, no redirects, so the run never talks to
        // anything but the URL it was given; enough connections that the pool is not the bottleneck.
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(256, concurrency * 2),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = RequestTimeout };
    }

    public IReadOnlyList<Uri> BaseUrls { get; }

    /// <summary>The first node.</summary>
    public Uri BaseUrl => BaseUrls[0];

    /// <summary>The device channel address for a device on node <paramref name="node"/> (modulo the node count).</summary>
    public Uri ConnectUri(string deviceId, string userToken, int node)
    {
        var baseUrl = BaseUrls[node % BaseUrls.Count];
        var builder = new UriBuilder(new Uri(baseUrl, "v1/connect"))
        {
            Scheme = baseUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Port = baseUrl.Port,
            Query = $"deviceId={Uri.EscapeDataString(deviceId)}&access_token={Uri.EscapeDataString(userToken)}",
        };
        return builder.Uri;
    }

    /// <summary>POST /v1/tokens with the API key; set-up only, so failures abort the run.</summary>
    public async Task<string> MintTokenAsync(string userId, CancellationToken cancellationToken)
    {
        var body = JsonBody(writer =>
        {
            writer.WriteString("userId", userId);
            writer.WriteNumber("ttlSeconds", 3600);
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, _tokensUri) { Content = body };
        if (_apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", _apiKey);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var hint = response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden
                ? _apiKey is null ? " (no --api-key was given)" : " (check --api-key)"
                : string.Empty;
            throw new LoadAbortedException(await DescribeAsync("POST /v1/tokens", response, cancellationToken) + hint);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("token", out var token)
            || token.ValueKind != JsonValueKind.String)
        {
            throw new LoadAbortedException("POST /v1/tokens answered without a \"token\" string");
        }

        return token.GetString()!;
    }

    /// <summary>PUT /v1/devices/{deviceId} as a web device (no push: reachable only while connected).</summary>
    public async Task RegisterWebDeviceAsync(string userToken, string deviceId, CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseUrl, "v1/devices/" + Uri.EscapeDataString(deviceId));
        using var request = new HttpRequestMessage(HttpMethod.Put, uri)
        {
            Content = JsonBody(writer => writer.WriteString("platform", "web")),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", userToken);

        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new LoadAbortedException(await DescribeAsync($"PUT /v1/devices/{deviceId}", response, cancellationToken));
        }
    }

    /// <summary>The body of a call to a user, built once per callee so the hot path does not serialize.</summary>
    public static ReadOnlyMemory<byte> CreateCallBody(string to) =>
        JsonObject(writer => writer.WriteString("to", to));

    /// <summary>POST /v1/calls as the caller; 201 carries the call.</summary>
    public async Task<ApiReply> CreateCallAsync(string callerToken, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, _callsUris[NextNode()]) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", callerToken);

        using var response = await _http.SendAsync(request, cancellationToken);
        var receivedAt = Stopwatch.GetTimestamp();
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            return new ApiReply(status, await ReadProblemCodeAsync(response, cancellationToken), null, receivedAt);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var callId = document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("callId", out var id)
            && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;

        // A success without a call id cannot be followed; report it as its own kind.
        return callId is null
            ? new ApiReply(status, "no_call_id", null, receivedAt)
            : new ApiReply(status, null, callId, receivedAt);
    }

    /// <summary>POST /v1/calls/{callId}/end as a party of the call.</summary>
    public async Task<ApiReply> EndCallAsync(string userToken, string callId, CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseUrls[NextNode()], $"v1/calls/{Uri.EscapeDataString(callId)}/end");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", userToken);

        using var response = await _http.SendAsync(request, cancellationToken);
        var receivedAt = Stopwatch.GetTimestamp();
        var code = response.IsSuccessStatusCode ? null : await ReadProblemCodeAsync(response, cancellationToken);
        return new ApiReply((int)response.StatusCode, code, callId, receivedAt);
    }

    public void Dispose() => _http.Dispose();

    private int NextNode() => (int)((uint)Interlocked.Increment(ref _next) % (uint)BaseUrls.Count);

    private static ByteArrayContent JsonBody(Action<Utf8JsonWriter> writeMembers)
    {
        var content = new ByteArrayContent(JsonObject(writeMembers));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static byte[] JsonObject(Action<Utf8JsonWriter> writeMembers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static async Task<string> DescribeAsync(string what, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var code = await ReadProblemCodeAsync(response, cancellationToken);
        return $"{what} answered {(int)response.StatusCode} {code ?? response.ReasonPhrase}";
    }

    /// <summary>The <c>code</c> member of an RFC 9457 problem body, or null.</summary>
    private static async Task<string?> ReadProblemCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not ("application/problem+json" or "application/json"))
        {
            return null;
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("code", out var code)
                && code.ValueKind == JsonValueKind.String
                    ? code.GetString()
                    : null;
        }
        catch (JsonException)
        {
            // A malformed problem body still has a status; the status alone names the error.
            return null;
        }
    }
}
