using System.Security.Cryptography;
using Ringwire.Core;
using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Tests;

/// <summary>
/// A running simulator on 127.0.0.1 with one team (<see cref="TeamId"/>, bundle <see cref="BundleId"/>), one key, a
/// manual clock, and a client that trusts its CA. Devices are added by each test.
/// </summary>
internal sealed class ApnsTestBed : IAsyncDisposable
{
    public const string TeamId = "TEAM000001";
    public const string KeyId = "KEY0000001";
    public const string BundleId = "com.example.app";
    public const string VoipTopic = BundleId + ".voip";

    private readonly List<HttpClient> _clients = [];

    private ApnsTestBed(ApnsSimulator simulator, ManualClock time, ECDsa key)
    {
        Simulator = simulator;
        Time = time;
        Key = key;
        Jwt = ProviderTokens.Mint(key, KeyId, TeamId, time.GetUtcNow());
        Client = NewClient();
    }

    public ApnsSimulator Simulator { get; }

    public ManualClock Time { get; }

    /// <summary>The team's signing key (the simulator holds its public part).</summary>
    public ECDsa Key { get; }

    /// <summary>A provider token minted at start, used by every <see cref="TestPush"/> that names none.</summary>
    public string Jwt { get; }

    /// <summary>One client, so one HTTP/2 connection.</summary>
    public HttpClient Client { get; }

    public static async Task<ApnsTestBed> StartAsync(Action<ApnsSimulatorOptions>? configure = null, int? exchangeCapacity = null)
    {
        var time = new ManualClock(DateTimeOffset.UtcNow);
        var options = new ApnsSimulatorOptions { Time = time };
        configure?.Invoke(options);
        var simulator = exchangeCapacity is { } capacity
            ? await ApnsSimulator.StartAsync(options, capacity, default).WithTimeout()
            : await ApnsSimulator.StartAsync(options, default).WithTimeout();
        simulator.AddTeam(TeamId, BundleId);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        simulator.AddKey(KeyId, TeamId, key);
        return new ApnsTestBed(simulator, time, key);
    }

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public SimulatedDevice AddDevice(string topic = VoipTopic, ApnsEnvironment environment = ApnsEnvironment.Sandbox) =>
        Simulator.AddDevice(NewToken(), topic, environment);

    /// <summary>A new client: its requests travel on a connection of their own.</summary>
    public HttpClient NewClient()
    {
        var client = LabHttp.Client(Simulator.CertificateAuthority);
        _clients.Add(client);
        return client;
    }

    public string Mint(DateTimeOffset? issuedAt = null, ECDsa? key = null, string keyId = KeyId, string teamId = TeamId) =>
        ProviderTokens.Mint(key ?? Key, keyId, teamId, issuedAt ?? Time.GetUtcNow());

    public async Task<ApnsReply> SendAsync(TestPush push, HttpClient? client = null)
    {
        using var request = push.ToRequest(Simulator.Endpoint, Jwt);
        using var response = await (client ?? Client).SendAsync(request).WithTimeout();
        return await ApnsReply.ReadAsync(response).WithTimeout();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Simulator.DisposeAsync();
        Key.Dispose();
    }
}
