using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ringwire.Push;
using Ringwire.Storage;
using Ringwire.Storage.Postgres;
using Ringwire.Storage.Sqlite;

namespace Ringwire.Server.Tests.Infrastructure;

/// <summary>
/// The real server, in process, set up exactly as Program.cs does, on 127.0.0.1 with a free port, a SQLite file in
/// its own temp folder and a <see cref="ManualClock"/> (or the system clock, for virtual iPhones that live in real time).
/// Stop it and start another on the same file to test restarts.
/// </summary>
public sealed class RingwireHost : IAsyncDisposable
{
    public const string ApiKey = "rw-test-api-key-0123456789";

    /// <summary>Fixed, so that tokens minted by one host are valid for the next one on the same file.</summary>
    public const string SigningKey = "rw-test-signing-key-0123456789-abcdefghijklmnop";

    private readonly WebApplication _app;
    private readonly string _directory;
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _realPushes;
    private readonly PostgresTestDatabase? _postgres;
    private readonly RecordingPushSender? _pushes;
    private bool _ownsDirectory = true;
    private readonly ManualClock? _clock;
    private bool _stopped;

    private RingwireHost(WebApplication app, string directory, PostgresTestDatabase? postgres, Dictionary<string, string?> settings, bool realPushes, ManualClock? clock, CapturedLogs logs)
    {
        _postgres = postgres;
        _realPushes = realPushes;
        _app = app;
        _directory = directory;
        _settings = settings;
        _clock = clock;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TestTimeout.Default };
        _pushes = app.Services.GetService<RecordingPushSender>();
        Calls = (ObservedCallStore)app.Services.GetRequiredService<ICallStore>();
    }

    public ManualClock Clock => _clock ?? throw new InvalidOperationException("This host runs on the system clock.");

    /// <summary>The settings the server started with, e.g. its storage connection string for a second node on the same database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>Every push the server sent; only for a host started without real pushes.</summary>
    public RecordingPushSender Pushes => _pushes ?? throw new InvalidOperationException("This host sends real pushes; look at its APNs simulator.");

    /// <summary>The server's call store, observed: wait here for anything the server does in the background.</summary>
    public ObservedCallStore Calls { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    public T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <param name="settings">Overrides of the defaults below, e.g. <c>["Ringwire:Ringing:ClaimTimeoutSeconds"] = "5"</c>.</param>
    /// <param name="realPushes">
    /// False (the default): pushes are recorded in <see cref="Pushes"/>. True: the server's own push path, i.e. the
    /// real APNs sender to its built-in simulator, or to the APNs the settings configure.
    /// </param>
    /// <param name="systemClock">True: the server runs on <see cref="TimeProvider.System"/> and <see cref="Clock"/> is not there.</param>
    public static async Task<RingwireHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, ManualClock? clock = null, bool realPushes = false,
        bool systemClock = false)
    {
        var directory = Directory.CreateTempSubdirectory("ringwire-server-tests-").FullName;
        var (provider, connectionString, postgres) = await TestStorage.CreateDatabaseAsync(directory);
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Ringwire:ApiKeys:0"] = ApiKey,
            ["Ringwire:TokenSigningKey"] = SigningKey,
            ["Ringwire:Storage:Provider"] = provider,
            ["Ringwire:Storage:ConnectionString"] = connectionString,
            // On PostgreSQL the sweep and the presence renewal are periodic timers on the manual clock; far apart here,
            // so that tests counting the timers armed before a call's deadline see only the call's own. ClusterTests
            // set them as they need.
            ["Ringwire:Cluster:SweepSeconds"] = "3600",
            ["Ringwire:Cluster:PresenceSeconds"] = "10800",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return await StartAsync(directory, postgres, all, realPushes, clock ?? (systemClock ? null : new ManualClock()));
    }

    /// <param name="postgres">The scratch database this host's folder goes with, if any, to drop at the end (settings may name another).</param>
    private static async Task<RingwireHost> StartAsync(string directory, PostgresTestDatabase? postgres, Dictionary<string, string?> settings, bool realPushes, ManualClock? clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        // Before AddRingwire, whose registrations are TryAdd: our clock, and the real store seen through a window.
        builder.Services.AddSingleton<TimeProvider>(clock ?? TimeProvider.System);
        builder.Services.AddSingleton<ICallStore>(sp => new ObservedCallStore(sp.GetRequiredService<IStoreSchema>() switch
        {
            PostgresDatabase postgres => new PostgresCallStore(postgres),
            var sqlite => new SqliteCallStore((SqliteDatabase)sqlite),
        }));

        if (!realPushes)
        {
            builder.Services.AddSingleton<RecordingPushSender>();
            builder.Services.AddSingleton<IPushSender>(sp => sp.GetRequiredService<RecordingPushSender>());
        }

        builder.Services.AddRingwire(builder.Configuration);
        var app = builder.Build();
        app.UseRingwire();
        app.MapRingwire();
        try
        {
            await app.StartAsync().DefaultTimeout();
        }
        catch
        {
            // A server that refused to start (bad settings) leaves nothing behind.
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }

            throw;
        }

        return new RingwireHost(app, directory, postgres, settings, realPushes, clock, logs);
    }

    /// <summary>Stops the server and releases the database file, keeping it for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        Client.Dispose();
        try
        {
            await _app.StopAsync().DefaultTimeout();
        }
        finally
        {
            var sqlite = _app.Services.GetService<SqliteDatabase>();
            await _app.DisposeAsync();
            sqlite?.ClearPool();
        }
    }

    /// <summary>A new server on the same database file, settings and clock; it owns the temp folder from now on.</summary>
    public async Task<RingwireHost> StartAgainAsync()
    {
        await StopAsync();
        _ownsDirectory = false;
        return await StartAsync(_directory, _postgres, _settings, _realPushes, _clock);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDirectory)
        {
            if (_postgres is not null)
            {
                await _postgres.DisposeAsync();
            }

            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover temp folder must not fail a test.
            }
        }
    }

    // ---- HTTP ----

    /// <summary>
    /// Sends a request. <paramref name="body"/>: a string or bytes are sent as they are (as application/json), an
    /// <see cref="HttpContent"/> as it is, anything else serialized as JSON.
    /// </summary>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body = null, string? token = null,
        bool apiKey = false, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = Content(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (apiKey)
        {
            request.Headers.Add("X-Api-Key", ApiKey);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await ApiResponse.ReadAsync(await Client.SendAsync(request).DefaultTimeout());
    }

    public Task<ApiResponse> GetAsync(string path, TestUser user) => SendAsync(HttpMethod.Get, path, token: user.Token);

    public Task<ApiResponse> PostAsync(string path, TestUser user, object? body = null) => SendAsync(HttpMethod.Post, path, body, user.Token);

    private static HttpContent? Content(object? body) => body switch
    {
        null => null,
        HttpContent content => content,
        string text => new StringContent(text, Encoding.UTF8, "application/json"),
        byte[] bytes => new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        JsonNode node => new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json"),
        _ => new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"),
    };

    // ---- Shortcuts for the common steps ----

    public async Task<string> MintTokenAsync(string userId, int ttlSeconds = 3600)
    {
        var response = await SendAsync(HttpMethod.Post, "/v1/tokens", new { userId, ttlSeconds }, apiKey: true);
        return response.Expect(HttpStatusCode.OK).Str("token")!;
    }

    public async Task<TestUser> UserAsync(string userId, int ttlSeconds = 3600) => new(userId, await MintTokenAsync(userId, ttlSeconds));

    /// <summary>Registers a device; an iOS device with a fresh VoIP token unless <paramref name="body"/> says otherwise.</summary>
    public async Task<JsonNode> RegisterDeviceAsync(TestUser user, string deviceId, object? body = null)
    {
        var response = await SendAsync(HttpMethod.Put, $"/v1/devices/{deviceId}", body ?? new { platform = "ios", voipToken = RandomHex.Token() }, user.Token);
        return response.Expect(HttpStatusCode.OK);
    }

    public Task<JsonNode> RegisterWebDeviceAsync(TestUser user, string deviceId) => RegisterDeviceAsync(user, deviceId, new { platform = "web" });

    /// <summary>Places a call as <paramref name="caller"/>; <paramref name="extra"/> members are added to the body.</summary>
    public async Task<JsonNode> PlaceCallAsync(TestUser caller, string to, Action<JsonObject>? extra = null)
    {
        var body = new JsonObject { ["to"] = to };
        extra?.Invoke(body);
        var response = await SendAsync(HttpMethod.Post, "/v1/calls", body, caller.Token);
        return response.Expect(HttpStatusCode.Created);
    }

    public async Task<JsonNode> GetCallAsync(TestUser user, string callId) =>
        (await GetAsync($"/v1/calls/{callId}", user)).Expect(HttpStatusCode.OK);

    public Task<ApiResponse> ActAsync(TestUser user, string callId, string action, string? deviceId) =>
        SendAsync(HttpMethod.Post, $"/v1/calls/{callId}/{action}", deviceId is null ? null : new { deviceId }, user.Token);

    public async Task<IReadOnlyList<string>> TraceTypesAsync(TestUser user, string callId) =>
        [.. (await GetAsync($"/v1/calls/{callId}/events", user)).Expect(HttpStatusCode.OK).Array("events").Select(e => e.Str("type")!)];

    public Task<DeviceSocket> ConnectAsync(TestUser user, string deviceId) => DeviceSocket.ConnectAsync(BaseAddress, user.Token, deviceId);

    /// <summary>Connects and takes the hello, so the socket is registered with the server when this returns.</summary>
    public Task<DeviceSocket> ConnectReadyAsync(TestUser user, string deviceId) => DeviceSocket.ConnectReadyAsync(BaseAddress, user.Token, deviceId);

    /// <summary>The pushes sent so far for one call, of one kind.</summary>
    public IReadOnlyList<PushMessage> PushesFor(string callId, PushKind kind) =>
        [.. Pushes.Sent.Where(p => p.CallId == Guid.Parse(callId) && p.Kind == kind)];
}
