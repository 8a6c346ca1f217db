using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Ringwire.Core;
using Ringwire.Lab;

namespace Ringwire.Cli.Tests;

/// <summary>
/// <c>ringwire apns-check</c>: local checks all at once, then one push to a made-up token at the Lab's simulator, which
/// returns Apple's errors and checks provider tokens; each failure explained, a good configuration passing.
/// </summary>
public sealed class ApnsCheckCommandTests : IAsyncLifetime
{
    private ApnsBed _bed = null!;

    public async Task InitializeAsync() => _bed = await ApnsBed.StartAsync(ApnsEnvironment.Production);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task GoodConfiguration_PassesEveryCheck_BecauseApnsRefusesOnlyTheMadeUpToken()
    {
        var result = await Cli.RunAsync(["apns-check", .. _bed.Options()]);

        Assert.Equal(0, result.Code);
        Assert.Contains($"  ok    key id {ApnsBed.KeyId} (from the file name)", result.Output, StringComparison.Ordinal);
        Assert.Contains("  reason          BadDeviceToken", result.Output, StringComparison.Ordinal);
        Assert.Contains("  ok    credentials OK", result.Output, StringComparison.Ordinal);
        Assert.EndsWith("All checks passed." + Environment.NewLine, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", result.Output, StringComparison.Ordinal);
        var exchange = Assert.Single(_bed.Simulator.Exchanges);
        Assert.Equal("com.example.app.voip", exchange.Headers["apns-topic"]);
    }

    [Fact]
    public async Task Offline_RunsOnlyTheLocalChecks()
    {
        var result = await Cli.RunAsync(["apns-check", "--offline", .. _bed.Options()]);

        Assert.Equal(0, result.Code);
        Assert.Contains("APNs was not asked (--offline)", result.Output, StringComparison.Ordinal);
        Assert.Empty(_bed.Simulator.Exchanges);
    }

    [Fact]
    public async Task LocalMistakes_AreAllReportedAtOnce_AndApnsIsNotAsked()
    {
        var result = await Cli.RunAsync(["apns-check", .. _bed.Options(
            "--key-id", "key0000001", "--team-id", "TEAM-1", "--bundle-id", "com.example.app.voip", "--environment", "development")]);

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Contains("FAIL  key id 'key0000001': Apple's ids are upper case: KEY0000001", result.Output, StringComparison.Ordinal);
        Assert.Contains("FAIL  team id 'TEAM-1': not 10 characters of A-Z and 0-9", result.Output, StringComparison.Ordinal);
        Assert.Contains("FAIL  bundle id com.example.app.voip: ends in .voip", result.Output, StringComparison.Ordinal);
        Assert.Contains("What to do: Give the app's bundle id, com.example.app", result.Output, StringComparison.Ordinal);
        Assert.Contains("FAIL  environment 'development'", result.Output, StringComparison.Ordinal);
        Assert.Contains("4 check(s) failed; APNs was not asked.", result.Output, StringComparison.Ordinal);
        Assert.Empty(_bed.Simulator.Exchanges);
    }

    public static TheoryData<string, string, string> KeyFiles => new()
    {
        { "AuthKey_KEY0000001.p8", "not a key", "not a PEM file" },
        { "AuthKey_KEY0000001.p8", PublicKeyPem(), "a public key only" },
        { "AuthKey_KEY0000001.p8", Sec1Pem(), "SEC1" },
        { "AuthKey_KEY0000001.p8", RsaPem(), "not an EC private key" },
        { "AuthKey_KEY0000001.p8", P384Pem(), "384-bit" },
        { "AuthKey_OTHERKEY01.p8 --key-id KEY0000001", P256Pem(), "the key file is named for key OTHERKEY01" },
        { "key.p8", P256Pem(), "key id: not given, and the key file is not named AuthKey_<KEYID>.p8" },
    };

    [Theory]
    [MemberData(nameof(KeyFiles))]
    public async Task KeyFile_ThatIsNotAnApnsKey_IsExplained(string name, string content, string explained)
    {
        var parts = name.Split(' ');
        var path = _bed.Folder.File(parts[0]);
        await File.WriteAllTextAsync(path, content);

        var result = await Cli.RunAsync(["apns-check", .. _bed.Options(["--key", path, .. parts.Skip(1)])]);

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Contains(explained, result.Output, StringComparison.Ordinal);
        Assert.Empty(_bed.Simulator.Exchanges);
        result.AssertNoStackTrace();
    }

    [Fact]
    public async Task TeamTheKeyDoesNotBelongTo_IsInvalidProviderToken_ExplainedAsKeyAndTeam()
    {
        var result = await Cli.RunAsync(["apns-check", .. _bed.Options("--team-id", "TEAM000002")]);

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Contains("  reason          InvalidProviderToken", result.Output, StringComparison.Ordinal);
        Assert.Contains("FAIL  key id, team id and key: InvalidProviderToken", result.Output, StringComparison.Ordinal);
        Assert.Contains("do not belong together", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyApnsDoesNotKnow_IsInvalidProviderToken()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = _bed.Folder.File("AuthKey_KEY0000009.p8");
        await File.WriteAllTextAsync(path, other.ExportPkcs8PrivateKeyPem());

        var result = await Cli.RunAsync(["apns-check", .. _bed.Options("--key", path)]);

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Contains("FAIL  key id, team id and key: InvalidProviderToken", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BundleIdOfAnotherTeam_IsTopicDisallowed_ExplainedAsTheBundleId()
    {
        var result = await Cli.RunAsync(["apns-check", .. _bed.Options("--bundle-id", "com.example.other")]);

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Contains("FAIL  bundle id: TopicDisallowed", result.Output, StringComparison.Ordinal);
        Assert.Contains("What to do: Check that --bundle-id is an app of this team", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClockAnHourAndMoreBehindApple_IsExpiredProviderToken_ExplainedAsTheClock()
    {
        await using var ahead = await ApnsBed.StartAsync(ApnsEnvironment.Production, time: new ShiftedClock(TimeSpan.FromHours(2)));

        var result = await Cli.RunAsync(["apns-check", .. ahead.Options()]);

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Contains("FAIL  this machine's clock: ExpiredProviderToken", result.Output, StringComparison.Ordinal);
        Assert.Contains("NTP", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApnsForbidding_IsExplained()
    {
        await using var forbidding = await ApnsBed.StartAsync(ApnsEnvironment.Production, acceptUnknownDevices: true);
        forbidding.Simulator.Faults.Override = _ => (403, "Forbidden");

        var result = await Cli.RunAsync(["apns-check", .. forbidding.Options()]);

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Contains("FAIL  key id, team id and key: Forbidden", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimulatorThatAcceptsUnknownDevices_Passes()
    {
        await using var accepting = await ApnsBed.StartAsync(ApnsEnvironment.Sandbox, acceptUnknownDevices: true);

        var result = await Cli.RunAsync(["apns-check", .. accepting.Options()]);

        Assert.Equal(0, result.Code);
        Assert.Contains("  status          200", result.Output, StringComparison.Ordinal);
        Assert.Contains("  ok    credentials OK", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingListening_IsExplainedAsTheNetwork()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await Cli.RunAsync(["apns-check", .. _bed.Options("--endpoint", $"https://127.0.0.1:{port}")]);

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Contains("FAIL  the network on the way to APNs: ConnectionError", result.Output, StringComparison.Ordinal);
        Assert.Contains("2197", result.Output, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }

    [Fact]
    public async Task ServerCertificateNotTrusted_IsExplainedAsTls()
    {
        var result = await Cli.RunAsync(["apns-check", .. _bed.Options("--ca", "")]);

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Contains("FAIL  the network on the way to APNs: SecureConnectionError", result.Output, StringComparison.Ordinal);
        Assert.Contains("intercept TLS", result.Output, StringComparison.Ordinal);
    }

    private static string P256Pem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    private static string PublicKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    private static string Sec1Pem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportECPrivateKeyPem();
    }

    private static string RsaPem()
    {
        using var key = RSA.Create(2048);
        return key.ExportPkcs8PrivateKeyPem();
    }

    private static string P384Pem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        return key.ExportPkcs8PrivateKeyPem();
    }
}
