using System.Security.Cryptography;
using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Tests;

/// <summary>The standalone <c>apns-sim</c> command: bad options end with a message and exit code 2; good ones serve.</summary>
public sealed class LabCommandTests : IDisposable
{
    private static readonly string SomeToken = new('a', 64);

    private readonly string _folder = Directory.CreateTempSubdirectory("ringwire-lab-command-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string[], string> BadOptions => new()
    {
        { [], "Required command" },
        { ["apns-sim", "--bogus"], "--bogus" },
        { ["apns-sim", "--port", "abc"], "--port" },
        { ["apns-sim", "--port", "70000"], "--port" },
        { ["apns-sim", "--environment", "staging"], "staging" },
        { ["apns-sim", "--rate-429", "1.5"], "--rate-429" },
        { ["apns-sim", "--rate-reset", "-1"], "--rate-reset" },
        { ["apns-sim", "--latency-ms", "-5"], "--latency-ms" },
        { ["apns-sim", "--device", "nothex=com.example.app.voip"], "--device" },
        { ["apns-sim", "--device", SomeToken], "--device" },
        { ["apns-sim", "--address", "not-an-ip"], "--address" },
        { ["apns-sim", "--key-file", "AuthKey_ABC.p8"], "--team-id" },
        { ["apns-sim", "--key-file", "key.pem", "--team-id", "TEAM000001"], "--key-id" },
        { ["apns-sim", "--key-file", "/nonexistent/AuthKey_ABC.p8", "--team-id", "TEAM000001"], "--key-file" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Run_WithBadOptions_ExitsWith2AndSaysWhy(string[] args, string mentioned)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await LabCommand.RunAsync(args, output, error, default).WithTimeout();

        Assert.Equal(2, exit);
        Assert.Contains(mentioned, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithKeyFileThatHoldsNoKey_ExitsWith2()
    {
        var keyFile = Path.Combine(_folder, "AuthKey_ABC1234567.p8");
        await File.WriteAllTextAsync(keyFile, "not a key");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await LabCommand.RunAsync(["apns-sim", "--key-file", keyFile, "--team-id", "TEAM000001"], output, error, default).WithTimeout();

        Assert.Equal(2, exit);
        Assert.Contains("--key-file", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutKey_GeneratesOne_ServesPushes_PrintsEachExchange_AndStopsOnCancel()
    {
        var token = ApnsTestBed.NewToken();
        var caFile = Path.Combine(_folder, "ca.pem");
        var output = new LineWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();

        var run = LabCommand.RunAsync(
            ["apns-sim", "--port", "0", "--key-out", _folder, "--team-id", "TEAM000001", "--device", $"{token}={ApnsTestBed.VoipTopic}", "--ca-out", caFile],
            output,
            error,
            stop.Token);
        try
        {
            var endpoint = new Uri((await output.WaitForLineAsync(l => l.Contains("listening on", StringComparison.Ordinal))).Split(' ')[^1]);
            var keyLine = await output.WaitForLineAsync(l => l.StartsWith("team ", StringComparison.Ordinal));
            var keyId = keyLine.Split(' ')[3];
            Assert.StartsWith("team TEAM000001 key ", keyLine, StringComparison.Ordinal);

            using var key = ECDsa.Create();
            key.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(_folder, $"AuthKey_{keyId}.p8")));
            using var authority = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(caFile));
            using var client = LabHttp.Client(authority);
            var push = new TestPush(token);
            using var request = push.ToRequest(endpoint, ProviderTokens.Mint(key, keyId, "TEAM000001", DateTimeOffset.UtcNow));
            using var response = await client.SendAsync(request).WithTimeout();

            Assert.Equal(200, (int)response.StatusCode);
            var line = await output.WaitForLineAsync(l => l.Contains(" 200 ", StringComparison.Ordinal));
            Assert.Contains("delivered", line, StringComparison.Ordinal);
            Assert.Contains(token[..8] + "…", line, StringComparison.Ordinal);
            Assert.DoesNotContain(token, line, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(0, await run.WithTimeout());
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task Run_WithPublicKeyFile_VerifiesTokensOfItsPrivateKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyFile = Path.Combine(_folder, "public.pem");
        await File.WriteAllTextAsync(keyFile, key.ExportSubjectPublicKeyInfoPem());
        var token = ApnsTestBed.NewToken();
        var output = new LineWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var caFile = Path.Combine(_folder, "ca.pem");

        var run = LabCommand.RunAsync(
            ["apns-sim", "--port", "0", "--environment", "production", "--key-file", keyFile, "--key-id", "KEY0000001", "--team-id", "TEAM000001", "--bundle-id", ApnsTestBed.BundleId, "--accept-unknown-devices", "--ca-out", caFile],
            output,
            error,
            stop.Token);
        try
        {
            var endpoint = new Uri((await output.WaitForLineAsync(l => l.Contains("listening on", StringComparison.Ordinal))).Split(' ')[^1]);
            await output.WaitForLineAsync(l => l.Contains("Ctrl+C", StringComparison.Ordinal));
            using var authority = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(caFile));
            using var client = LabHttp.Client(authority);
            using var request = new TestPush(token).ToRequest(endpoint, ProviderTokens.Mint(key, "KEY0000001", "TEAM000001", DateTimeOffset.UtcNow));
            using var response = await client.SendAsync(request).WithTimeout();

            Assert.Equal(200, (int)response.StatusCode);
            Assert.False(response.Headers.Contains("apns-unique-id"));
            Assert.Contains("accepted", await output.WaitForLineAsync(l => l.Contains(" 200 ", StringComparison.Ordinal)), StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(0, await run.WithTimeout());
    }

    [Fact]
    public async Task Run_Quiet_ServesPushes_AndPrintsNoExchangeLine()
    {
        var token = ApnsTestBed.NewToken();
        var caFile = Path.Combine(_folder, "ca.pem");
        var output = new LineWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();

        var run = LabCommand.RunAsync(
            ["apns-sim", "--quiet", "--port", "0", "--key-out", _folder, "--team-id", "TEAM000001", "--device", $"{token}={ApnsTestBed.VoipTopic}", "--ca-out", caFile],
            output,
            error,
            stop.Token);
        try
        {
            var endpoint = new Uri((await output.WaitForLineAsync(l => l.Contains("listening on", StringComparison.Ordinal))).Split(' ')[^1]);
            var keyId = (await output.WaitForLineAsync(l => l.StartsWith("team ", StringComparison.Ordinal))).Split(' ')[3];
            await output.WaitForLineAsync(l => l.Contains("Ctrl+C", StringComparison.Ordinal));
            using var key = ECDsa.Create();
            key.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(_folder, $"AuthKey_{keyId}.p8")));
            using var authority = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(caFile));
            using var client = LabHttp.Client(authority);
            using var request = new TestPush(token).ToRequest(endpoint, ProviderTokens.Mint(key, keyId, "TEAM000001", DateTimeOffset.UtcNow));
            using var response = await client.SendAsync(request).WithTimeout();

            Assert.Equal(200, (int)response.StatusCode);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(0, await run.WithTimeout());
        Assert.DoesNotContain(output.Lines, l => l.Contains(" 200 ", StringComparison.Ordinal));
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task Run_OnAPortInUse_Exits1WithAMessage()
    {
        using var occupant = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((System.Net.IPEndPoint)occupant.LocalEndpoint).Port;
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await LabCommand.RunAsync(["apns-sim", "--port", port.ToString(), "--key-out", _folder], output, error, default).WithTimeout();

        Assert.Equal(1, exit);
        Assert.StartsWith($"error: cannot listen on 127.0.0.1:{port}", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString() + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithOptionsOutOfRange_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ApnsSimulator.StartAsync(new ApnsSimulatorOptions { Port = -1 }, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ApnsSimulator.StartAsync(new ApnsSimulatorOptions { MaxConcurrentStreams = 0 }, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ApnsSimulator.StartAsync(new ApnsSimulatorOptions { StaleConnectionWindow = TimeSpan.FromSeconds(-1) }, default));
    }
}
