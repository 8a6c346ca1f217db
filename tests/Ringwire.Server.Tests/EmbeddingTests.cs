using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

/// <summary>
/// Ringwire inside an ordinary ASP.NET Core app (WebApplication.CreateBuilder, not the slim builder Program.cs uses)
/// that has endpoints, middleware and services of its own, as docs/operations.md shows.
/// </summary>
public sealed class EmbeddingTests : IAsyncLifetime
{
    private string _directory = "";
    private Dictionary<string, string?> _settings = [];
    private PostgresTestDatabase? _postgres;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("ringwire-embedding-").FullName;
        var (provider, connectionString, postgres) = await TestStorage.CreateDatabaseAsync(_directory);
        _postgres = postgres;
        _settings = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Ringwire:Storage:Provider"] = provider,
            ["Ringwire:Storage:ConnectionString"] = connectionString,
            ["Ringwire:ApiKeys:0"] = RingwireHost.ApiKey,
            ["Ringwire:TokenSigningKey"] = RingwireHost.SigningKey,
        };
    }

    public async Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task EmbeddedInAnApp_TheAppsEndpointsAndRingwiresRestWebSocketAndOpenApi_AllWork()
    {
        await using var app = await StartAppAsync(_settings);
        using var http = new HttpClient { BaseAddress = Address(app), Timeout = TestTimeout.Default };

        // The app's own endpoint, service and middleware.
        using var hello = await http.GetAsync("/hello").DefaultTimeout();
        Assert.Equal("hello from the app", await hello.Content.ReadAsStringAsync());
        Assert.Equal("yes", hello.Headers.GetValues("X-Through-App-Middleware").Single());

        // Ringwire's REST API, through the app's middleware too.
        var bob = await MintAsync(http, "bob");
        var alice = await MintAsync(http, "alice");
        using (var put = await SendAsync(http, HttpMethod.Put, "/v1/devices/b-web", bob, new { platform = "web" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal("yes", put.Headers.GetValues("X-Through-App-Middleware").Single());
        }

        // Its device channel: the callee's web device hears the call placed over REST.
        await using var bobs = await DeviceSocket.ConnectReadyAsync(Address(app), bob, "b-web");
        using var placed = await SendAsync(http, HttpMethod.Post, "/v1/calls", alice, new { to = "bob" });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var callId = (await placed.Content.ReadFromJsonAsync<JsonNode>()).Str("callId")!;
        await bobs.NextAsync(SocketMessages.Event("incoming", callId));

        // Its OpenAPI document, which describes Ringwire's API and not the app's.
        var document = (await http.GetFromJsonAsync<JsonNode>("/openapi/v1.json").DefaultTimeout())!;
        Assert.NotNull(document["paths"]?["/v1/calls"]?["post"]);
        Assert.Null(document["paths"]?["/hello"]);
    }

    [Fact]
    public async Task MapRingwire_WithoutAddRingwire_FailsNamingAddRingwire()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapRingwire());

        Assert.Contains("AddRingwire(", error.Message, StringComparison.Ordinal);
        Assert.Contains("MapRingwire()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithSeveralBadOptions_FailsListingEveryOneInPlainWords()
    {
        var settings = new Dictionary<string, string?>(_settings)
        {
            ["Ringwire:Apns:KeyId"] = "KEYID12345",
            ["Ringwire:Apns:TeamId"] = "TEAMID1234",
            ["Ringwire:Apns:PrivateKeyPath"] = Path.Combine(_directory, "AuthKey_KEYID12345.p8"),
            ["Ringwire:Storage:ConnectionString"] = _settings["Ringwire:Storage:ConnectionString"] + ";No Such Keyword=1",
            ["Ringwire:Otlp:Endpoint"] = "collector:4318",
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAppAsync(settings));

        Assert.Equal(4, error.Failures.Count());
        Assert.Contains(error.Failures, f => f == $"Ringwire:Apns:PrivateKeyPath '{settings["Ringwire:Apns:PrivateKeyPath"]}' cannot be read: there is no such file (the AuthKey_XXXXXXXXXX.p8 from the developer account).");
        Assert.Contains(error.Failures, f => f.StartsWith("Ringwire:Apns:BundleId is missing", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith($"Ringwire:Storage:ConnectionString is not a {settings["Ringwire:Storage:Provider"]} connection string", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Ringwire:Otlp:Endpoint 'collector:4318'", StringComparison.Ordinal));
        // The exception's message, as the host prints it, names them all.
        Assert.All(error.Failures, f => Assert.Contains(f, error.Message, StringComparison.Ordinal));
    }

    /// <summary>The app of docs/operations.md ("Embedding in your ASP.NET Core app"), with a greeting of its own.</summary>
    private static async Task<WebApplication> StartAppAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(new Greeting("hello from the app"));
        builder.Services.AddRingwire(builder.Configuration);

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            context.Response.Headers["X-Through-App-Middleware"] = "yes";
            await next(context);
        });
        app.UseRingwire();
        app.MapGet("/hello", (Greeting greeting) => greeting.Text);
        app.MapRingwire();
        try
        {
            await app.StartAsync().DefaultTimeout();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private static async Task<string> MintAsync(HttpClient http, string userId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = JsonContent.Create(new { userId }) };
        request.Headers.Add("X-Api-Key", RingwireHost.ApiKey);
        using var response = await http.SendAsync(request).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonNode>()).Str("token")!;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string token, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request).DefaultTimeout();
    }

    private sealed record Greeting(string Text);
}
