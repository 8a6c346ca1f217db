using System.Security.Cryptography;
using Ringwire.Lab.Apns;
using Ringwire.Push.Apns;
using Ringwire.Server.Logging;
using Ringwire.Server.Options;

namespace Ringwire.Server.Hosting;

/// <summary>
/// Where pushes go when no Apple key is configured: the Lab's APNs simulator on a loopback port, with a key made up
/// at start. The real sender still signs, connects over TLS and speaks HTTP/2, so development and demos run the same
/// push path as production; the simulator accepts any well-formed token and reaches no real phone.
/// </summary>
public sealed class BuiltInApns : IAsyncDisposable
{
    public const string KeyId = "RWLABKEY01";
    public const string TeamId = "RWLABTEAM1";
    public const string DefaultBundleId = "dev.ringwire.app";

    private readonly ECDsa _key;

    private BuiltInApns(ApnsSimulator simulator, ApnsSender sender, ECDsa key)
    {
        Simulator = simulator;
        Sender = sender;
        _key = key;
    }

    public ApnsSimulator Simulator { get; }

    public ApnsSender Sender { get; }

    public static BuiltInApns Start(ApnsOptions options, TimeProvider time, ILogger<BuiltInApns> logger)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var bundleId = BundleIdFor(options);
        // Started synchronously because DI factories cannot await; it binds a loopback port and returns within milliseconds.
        var simulator = ApnsSimulator.StartAsync(new ApnsSimulatorOptions { AcceptUnknownDevices = true, Time = time }, CancellationToken.None)
            .GetAwaiter().GetResult();
        simulator.AddTeam(TeamId, bundleId);
        simulator.AddKey(KeyId, TeamId, key);
        var sender = new ApnsSender(new ApnsSettings
        {
            KeyId = KeyId,
            TeamId = TeamId,
            SigningKey = key,
            BundleId = bundleId,
            Endpoint = simulator.Endpoint,
            CertificateAuthority = simulator.CertificateAuthority,
            Expiration = options.Expiration,
        }, time);
        StartupLog.BuiltInApns(logger, simulator.Endpoint);
        return new BuiltInApns(simulator, sender, key);
    }

    /// <summary>The app the built-in simulator takes pushes for: the configured bundle id, or <see cref="DefaultBundleId"/>.</summary>
    public static string BundleIdFor(ApnsOptions options) => options.BundleId ?? DefaultBundleId;

    public async ValueTask DisposeAsync()
    {
        Sender.Dispose();
        await Simulator.DisposeAsync();
        _key.Dispose();
    }
}
