using System.Security.Cryptography;
using Ringwire.Core;
using Ringwire.Lab.Apns;

namespace Ringwire.Cli.Tests;

/// <summary>
/// The Lab's APNs simulator on loopback with one team, key and app, and the files a developer would have: the key as
/// Apple's download (AuthKey_&lt;KEYID&gt;.p8) and the simulator's CA.
/// </summary>
internal sealed class ApnsBed : IAsyncDisposable
{
    public const string KeyId = "KEY0000001";
    public const string TeamId = "TEAM000001";
    public const string BundleId = "com.example.app";

    private readonly ECDsa _key;

    private ApnsBed(ApnsSimulator simulator, ECDsa key, TempFolder folder, ApnsEnvironment environment)
    {
        Simulator = simulator;
        _key = key;
        Folder = folder;
        Environment = environment;
        KeyFile = folder.File($"AuthKey_{KeyId}.p8");
        CaFile = folder.File("ca.pem");
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(CaFile, simulator.CertificateAuthorityPem);
    }

    public ApnsSimulator Simulator { get; }

    public TempFolder Folder { get; }

    public ApnsEnvironment Environment { get; }

    public string KeyFile { get; }

    public string CaFile { get; }

    public static async Task<ApnsBed> StartAsync(
        ApnsEnvironment environment = ApnsEnvironment.Sandbox, bool acceptUnknownDevices = false, TimeProvider? time = null)
    {
        var simulator = await ApnsSimulator.StartAsync(
            new ApnsSimulatorOptions { Environment = environment, AcceptUnknownDevices = acceptUnknownDevices, Time = time ?? TimeProvider.System },
            CancellationToken.None).WithTimeout();
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        simulator.AddTeam(TeamId, BundleId);
        simulator.AddKey(KeyId, TeamId, key);
        return new ApnsBed(simulator, key, new TempFolder(), environment);
    }

    /// <summary>A PushKit token of the app, known to the simulator and online.</summary>
    public SimulatedDevice Phone() =>
        Simulator.AddDevice(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), BundleId + ".voip", Environment);

    /// <summary>The options that point a command at this simulator with good credentials; <paramref name="change"/> overrides some.</summary>
    public string[] Options(params string[] change)
    {
        var options = new Dictionary<string, string>
        {
            ["--key"] = KeyFile,
            ["--team-id"] = TeamId,
            ["--bundle-id"] = BundleId,
            ["--environment"] = Environment == ApnsEnvironment.Sandbox ? "sandbox" : "production",
            ["--endpoint"] = Simulator.Endpoint.ToString(),
            ["--ca"] = CaFile,
        };
        for (var i = 0; i + 1 < change.Length; i += 2)
        {
            options[change[i]] = change[i + 1];
        }

        return [.. options.Where(o => o.Value.Length > 0).SelectMany(o => new[] { o.Key, o.Value })];
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        _key.Dispose();
        Folder.Dispose();
    }
}
