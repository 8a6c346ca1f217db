using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Scenarios;

/// <summary>
/// The emulated world one or many scenarios run in: a <see cref="LabClock"/>, the APNs simulator, and a real
/// Ringwire server that sends real HTTP/2 pushes to it with a key of its own, exactly as it would to Apple.
/// </summary>
public sealed class LabWorld : IPhoneWorld, IAsyncDisposable
{
    public const string ApiKey = "rw-lab-api-key-0123456789";
    public const string TeamId = "RWLABTEAM2";
    public const string KeyId = "RWLABKEY02";
    public const string BundleId = "dev.ringwire.lab";
    private const string SigningKey = "rw-lab-signing-key-0123456789-abcdefghijklmnop";

    private readonly string _directory;
    private readonly ECDsa _key;
    private readonly LabServer _server;

    private LabWorld(LabClock clock, ApnsSimulator apns, LabServer server, string directory, ECDsa key)
    {
        Clock = clock;
        Apns = apns;
        _server = server;
        _directory = directory;
        _key = key;
        Backend = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Backend.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        Users = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public LabClock Clock { get; }

    public ApnsSimulator Apns { get; }

    public Uri ServerAddress => _server.BaseAddress;

    TimeProvider IPhoneWorld.Clock => Clock;

    string IPhoneWorld.BundleId => BundleId;

    HttpClient IPhoneWorld.Users => Users;

    /// <summary>The app backend's view of the server: every request carries the API key.</summary>
    public HttpClient Backend { get; }

    /// <summary>For requests that carry a user token (and no API key, which the server would take first).</summary>
    internal HttpClient Users { get; }

    /// <param name="settings">Server settings over the world's own, e.g. <c>Ringwire:Ringing:BusyPolicy</c>.</param>
    public static async Task<LabWorld> StartAsync(LabServerStarter startServer, IReadOnlyDictionary<string, string?>? settings = null,
        CancellationToken cancellationToken = default)
    {
        var clock = new LabClock();
        var directory = Directory.CreateTempSubdirectory("ringwire-lab-").FullName;
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // A push sent while the phone had just gone offline is still delivered when it comes back (forum thread 795610).
        var apns = await ApnsSimulator.StartAsync(new ApnsSimulatorOptions { Time = clock, StaleConnectionWindow = TimeSpan.FromMinutes(1) },
            cancellationToken);
        try
        {
            apns.AddTeam(TeamId, BundleId);
            apns.AddKey(KeyId, TeamId, key);
            var caPath = Path.Combine(directory, "apns-ca.pem");
            await File.WriteAllTextAsync(caPath, apns.CertificateAuthorityPem, cancellationToken);
            var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Ringwire:ApiKeys:0"] = ApiKey,
                ["Ringwire:TokenSigningKey"] = SigningKey,
                ["Ringwire:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "ringwire.db")}",
                ["Ringwire:Apns:KeyId"] = KeyId,
                ["Ringwire:Apns:TeamId"] = TeamId,
                ["Ringwire:Apns:PrivateKey"] = key.ExportPkcs8PrivateKeyPem(),
                ["Ringwire:Apns:BundleId"] = BundleId,
                ["Ringwire:Apns:Endpoint"] = apns.Endpoint.ToString(),
                ["Ringwire:Apns:CaCertificatePath"] = caPath,
            };
            foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
            {
                all[name] = value;
            }

            var server = await startServer(all, clock, cancellationToken);
            return new LabWorld(clock, apns, server, directory, key);
        }
        catch
        {
            await apns.DisposeAsync();
            key.Dispose();
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>A user token for <paramref name="userId"/>, as the app backend mints it.</summary>
    public async Task<string> TokenAsync(string userId, CancellationToken cancellationToken = default)
    {
        using var response = await Backend.PostAsJsonAsync("/v1/tokens", new { userId, ttlSeconds = 86_400 }, cancellationToken);
        return (await ReadAsync(response, cancellationToken))["token"]!.GetValue<string>();
    }

    /// <summary>The call as the server has it now.</summary>
    public async Task<JsonNode> CallAsync(Guid callId, CancellationToken cancellationToken = default)
    {
        using var response = await Backend.GetAsync($"/v1/calls/{callId:D}", cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Backend.Dispose();
        Users.Dispose();
        await _server.Process.DisposeAsync();
        await Apns.DisposeAsync();
        _key.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a run.
        }
    }

    internal static async Task<JsonNode> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} from {response.RequestMessage?.RequestUri}: {body}");
        }

        return JsonNode.Parse(body)!;
    }
}
