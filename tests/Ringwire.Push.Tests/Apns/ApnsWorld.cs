using System.Security.Cryptography;
using Ringwire.Core;
using Ringwire.Lab.Apns;
using Ringwire.Push.Apns;

namespace Ringwire.Push.Tests.Apns;

/// <summary>An APNs simulator on loopback and a sender that trusts it, sharing one manual clock.</summary>
public sealed class ApnsWorld : IAsyncDisposable
{
    public const string KeyId = "KEYID12345";
    public const string TeamId = "TEAMID1234";
    public const string BundleId = "com.example.app";

    private ApnsWorld(ApnsSimulator simulator, ManualClock clock, ECDsa key)
    {
        Simulator = simulator;
        Clock = clock;
        Key = key;
        Sender = NewSender();
    }

    public ApnsSimulator Simulator { get; }

    public ManualClock Clock { get; }

    public ECDsa Key { get; }

    public ApnsSender Sender { get; }

    public static async Task<ApnsWorld> StartAsync()
    {
        var clock = new ManualClock();
        var simulator = await ApnsSimulator.StartAsync(new ApnsSimulatorOptions { Environment = ApnsEnvironment.Production, Time = clock }, CancellationToken.None)
            .DefaultTimeout();
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        simulator.AddTeam(TeamId, BundleId);
        simulator.AddKey(KeyId, TeamId, key);
        return new ApnsWorld(simulator, clock, key);
    }

    public ApnsSender NewSender(Func<ApnsSettings, ApnsSettings>? change = null, TimeProvider? clock = null)
    {
        var settings = new ApnsSettings
        {
            KeyId = KeyId,
            TeamId = TeamId,
            SigningKey = Key,
            BundleId = BundleId,
            Endpoint = Simulator.Endpoint,
            CertificateAuthority = Simulator.CertificateAuthority,
        };
        return new ApnsSender(change?.Invoke(settings) ?? settings, clock ?? Clock);
    }

    /// <summary>A PushKit token on this simulator, online.</summary>
    public SimulatedDevice Phone() => Simulator.AddDevice(Token(), BundleId + ".voip", ApnsEnvironment.Production);

    public static string Token() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static PushMessage Voip(string token, int payloadBytes = 0) =>
        new(PushKind.Voip, Guid.NewGuid(), "bob", "b-phone", token, ApnsEnvironment.Production, null, Payload(payloadBytes));

    /// <summary>A JSON object of exactly <paramref name="bytes"/> bytes (at least a small minimum).</summary>
    public static byte[] Payload(int bytes)
    {
        const string Start = """{"ringwire":{"pad":""";
        const string End = "\"}}";
        var padding = Math.Max(0, bytes - Start.Length - End.Length - 1);
        return System.Text.Encoding.ASCII.GetBytes(Start + "\"" + new string('x', padding) + End);
    }

    public async ValueTask DisposeAsync()
    {
        Sender.Dispose();
        await Simulator.DisposeAsync();
        Key.Dispose();
    }
}
