using Ringwire.Cli;

namespace Ringwire.Cli.Tests;

/// <summary><c>ringwire apns-sim</c> is the Lab's simulator command; here it runs, and <c>apns-check</c> passes against it.</summary>
public sealed class ApnsSimCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ApnsSim_ServesTheKeyItWrote_UntilCancelled()
    {
        var output = new LineWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var ca = _folder.File("ca.pem");

        var run = RingwireCommand.RunAsync(
            ["apns-sim", "--port", "0", "--team-id", "TEAM000001", "--bundle-id", "com.example.app", "--key-out", _folder.Path, "--ca-out", ca],
            output, error, Cli.NoEnvironment, stop.Token);
        try
        {
            var endpoint = (await output.WaitForLineAsync(l => l.Contains("listening on", StringComparison.Ordinal))).Split(' ')[^1];
            var keyId = (await output.WaitForLineAsync(l => l.StartsWith("team ", StringComparison.Ordinal))).Split(' ')[3];

            var check = await Cli.RunAsync("apns-check", "--key", _folder.File($"AuthKey_{keyId}.p8"), "--team-id", "TEAM000001",
                "--bundle-id", "com.example.app", "--environment", "sandbox", "--endpoint", endpoint, "--ca", ca);

            Assert.Equal(0, check.Code);
            Assert.Contains("credentials OK", check.Output, StringComparison.Ordinal);
            await output.WaitForLineAsync(l => l.Contains(" 400 BadDeviceToken POST ", StringComparison.Ordinal));
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(0, await run.WaitAsync(Cli.Timeout));
    }
}
