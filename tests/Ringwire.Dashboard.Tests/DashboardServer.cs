using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Ringwire.Server.Hosting;

namespace Ringwire.Dashboard.Tests;

/// <summary>
/// The real server in this process (<see cref="LoopbackServer"/>) on a SQLite file of its own. Without an Apple key it
/// runs in lab mode: pushes go to the built-in APNs simulator, and the lab's virtual iPhones can be woken by them.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    public const string ApiKey = "rw-dashboard-test-key-0123456789";

    private readonly LoopbackServer _server;
    private readonly DirectoryInfo _directory;

    private DashboardServer(LoopbackServer server, DirectoryInfo directory)
    {
        _server = server;
        _directory = directory;
        Http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    public Uri BaseAddress => _server.BaseAddress;

    public string DashboardUrl => new Uri(BaseAddress, "/dashboard").ToString();

    /// <summary>A client that sends the API key: for setting up what the page then shows.</summary>
    public HttpClient Http { get; }

    /// <param name="appleKey">Configure an Apple key (made up, pointing nowhere): the lab is off.</param>
    public static async Task<DashboardServer> StartAsync(bool appleKey = false)
    {
        var directory = Directory.CreateTempSubdirectory("ringwire-dashboard-tests-");
        var settings = new Dictionary<string, string?>
        {
            ["Ringwire:ApiKeys:0"] = ApiKey,
            ["Ringwire:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory.FullName, "ringwire.db")}",
        };
        if (appleKey)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            settings["Ringwire:Apns:KeyId"] = "DASHKEY001";
            settings["Ringwire:Apns:TeamId"] = "DASHTEAM01";
            settings["Ringwire:Apns:PrivateKey"] = key.ExportPkcs8PrivateKeyPem();
            settings["Ringwire:Apns:BundleId"] = "dev.ringwire.dashboard";
            // Nothing listens there: no push of these tests may leave the machine.
            settings["Ringwire:Apns:Endpoint"] = "https://127.0.0.1:9/";
        }

        try
        {
            var server = await LoopbackServer.StartAsync(settings).WaitAsync(TimeSpan.FromSeconds(30));
            return new DashboardServer(server, directory);
        }
        catch
        {
            directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Registers an iOS device for <paramref name="userId"/>, with a user token minted for it.</summary>
    public async Task RegisterIPhoneAsync(string userId, string deviceId, string name)
    {
        var minted = await Http.PostAsJsonAsync("/v1/tokens", new { userId });
        var token = (await minted.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<TokenBody>())!.Token;
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/devices/{deviceId}")
        {
            Content = JsonContent.Create(new { platform = "ios", voipToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), name }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // Not Http: its API key would make this the backend, which registers no devices.
        using var user = new HttpClient { BaseAddress = BaseAddress, Timeout = Http.Timeout };
        (await user.SendAsync(request)).EnsureSuccessStatusCode();
    }

    /// <summary>Places a call as the app backend would.</summary>
    public async Task PlaceCallAsync(string from, string to) =>
        (await Http.PostAsJsonAsync("/v1/calls", new { from, to })).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _server.DisposeAsync();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test.
        }
    }

    private sealed record TokenBody(string Token);
}
