using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Ringwire.Lab;

namespace Ringwire.Cli.Tests;

/// <summary><c>ringwire load</c>: a short, slow run against the real server completes and reports.</summary>
public sealed class LoadCommandTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Load_AShortLowRateRun_CompletesEveryCall_AndPrintsItsReport()
    {
        var json = _folder.File("report.json");

        var result = await Cli.RunAsync("load", "--url", server.BaseAddress.ToString(), "--api-key", ServerFixture.ApiKey,
            "--devices", "3", "--callers", "2", "--rate", "4", "--seconds", "1", "--answer-fraction", "0.5", "--json", json);

        Assert.True(result.Code == 0, result.Output + result.Error);
        Assert.Contains($"Ringwire load run against {server.BaseAddress}", result.Output, StringComparison.Ordinal);
        Assert.Contains("  errors               0", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"create call +p50", result.Output);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var completed = report.RootElement.GetProperty("completed").GetInt64();
        Assert.True(completed >= 1, $"{completed} set-ups completed");
        Assert.Equal(report.RootElement.GetProperty("attempted").GetInt64(), completed);
    }

    [Fact]
    public async Task Load_WithBadOptions_ExitsWith2_AndNamesEach()
    {
        var result = await Cli.RunAsync("load", "--url", "ftp://x", "--rate", "0", "--answer-fraction", "2");

        Assert.Equal(CommandRun.BadOptions, result.Code);
        Assert.Contains("--url", result.Error, StringComparison.Ordinal);
        Assert.Contains("--rate must be from 0.1 to 100000; got 0.", result.Error, StringComparison.Ordinal);
        Assert.Contains("--answer-fraction", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_AgainstNoServer_ExitsWith1_InOneLine()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await Cli.RunAsync("load", "--url", $"http://127.0.0.1:{port}", "--api-key", ServerFixture.ApiKey, "--seconds", "1");

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Contains("error: cannot reach the Ringwire server", result.Error, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }
}
