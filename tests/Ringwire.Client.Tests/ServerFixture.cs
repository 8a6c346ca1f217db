using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Ringwire.Server.Hosting;

namespace Ringwire.Client.Tests;

/// <summary>The real server in this process on 127.0.0.1, with a scratch SQLite file, and the REST calls tests need.</summary>
internal sealed class ServerFixture : IAsyncDisposable
{
    public const string ApiKey = "client-tests-api-key-0123456789";

    private readonly string _directory;

    private ServerFixture(LoopbackServer server, string directory)
    {
        Server = server;
        _directory = directory;
        Http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public LoopbackServer Server { get; }

    public HttpClient Http { get; }

    public Uri BaseAddress => Server.BaseAddress;

    public static async Task<ServerFixture> StartAsync(TimeProvider? time = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ringwire-client-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var settings = new Dictionary<string, string?>
        {
            ["Ringwire:ApiKeys:0"] = ApiKey,
            ["Ringwire:TokenSigningKey"] = "client-tests-signing-key-0123456789abcdef",
            ["Ringwire:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "ringwire.db")}",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var server = await LoopbackServer.StartAsync(settings, time).WithTimeout();
        return new ServerFixture(server, directory);
    }

    public async Task<string> TokenAsync(string userId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = JsonContent.Create(new { userId, ttlSeconds = 3600 }) };
        request.Headers.Add("X-Api-Key", ApiKey);
        using var response = await Http.SendAsync(request).WithTimeout();
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    public async Task RegisterWebAsync(string token, string deviceId) =>
        await SendAsync(HttpMethod.Put, $"/v1/devices/{deviceId}", token, new { platform = "web" });

    public async Task RegisterIosAsync(string token, string deviceId) =>
        await SendAsync(HttpMethod.Put, $"/v1/devices/{deviceId}", token,
            new { platform = "ios", voipToken = Convert.ToHexString(Guid.NewGuid().ToByteArray()) + Convert.ToHexString(Guid.NewGuid().ToByteArray()) });

    /// <summary>Places a call with the API key (no user needs a device for it); returns its id.</summary>
    public async Task<Guid> PlaceCallAsync(string from, string to, int ringSeconds = 60)
    {
        var call = await SendAsync(HttpMethod.Post, "/v1/calls", null, new { from, to, callerName = "Alice", ringSeconds });
        return Guid.Parse(call!["callId"]!.GetValue<string>());
    }

    public async Task<JsonObject> GetCallAsync(Guid callId) => (await SendAsync(HttpMethod.Get, $"/v1/calls/{callId}", null, null))!;

    public async Task<JsonObject?> ActAsync(string token, Guid callId, string action, string deviceId) =>
        await SendAsync(HttpMethod.Post, $"/v1/calls/{callId}/{action}", token, new { deviceId });

    public async Task<JsonObject?> SendAsync(HttpMethod method, string path, string? token, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (token is null)
        {
            request.Headers.Add("X-Api-Key", ApiKey);
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Http.SendAsync(request).WithTimeout();
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return response.StatusCode == HttpStatusCode.NoContent ? null : JsonNode.Parse(text) as JsonObject;
    }

    /// <summary>A loopback URL nothing listens on: a port bound and released.</summary>
    public static Uri DeadAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
