using System.Net;
using System.Net.Sockets;
using Ringwire.Cli;
using Ringwire.Lab;

namespace Ringwire.Cli.Tests;

/// <summary><c>ringwire serve</c>: the real server, configured from arguments as <c>dotnet run</c> would be.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string[] Serve(params string[] more) =>
    [
        "serve",
        $"--Ringwire:Storage:ConnectionString=Data Source={_folder.File("ringwire.db")}",
        "--Logging:LogLevel:Default=Warning",
        .. more,
    ];

    [Fact]
    public async Task Serve_OnAFreePort_AnswersHealthz_AndStopsOnCancellation()
    {
        var output = new LineWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();

        var run = RingwireCommand.RunAsync(Serve("--urls", "http://127.0.0.1:0", "--Ringwire:ApiKeys:0", "serve-test-api-key-0123"), output, error, Cli.NoEnvironment, stop.Token);
        try
        {
            var line = await output.WaitForLineAsync(l => l.StartsWith("Ringwire listening on ", StringComparison.Ordinal));
            var address = new Uri(line["Ringwire listening on ".Length..]);
            using var http = new HttpClient { BaseAddress = address };

            using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative)).WithTimeout();
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);

            // The configuration given as "--Key value" reached the server: its API key mints tokens.
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = new StringContent("""{"userId":"bob"}""", System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Api-Key", "serve-test-api-key-0123");
            using var token = await http.SendAsync(request).WithTimeout();
            Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(0, await run.WaitAsync(Cli.Timeout));
    }

    [Fact]
    public async Task Serve_WithConfigurationMistakes_ExitsWith2_AndListsThemAll()
    {
        var result = await Cli.RunAsync(Serve("--urls", "http://127.0.0.1:0", "--Ringwire:Storage:Provider=mongo", "--Ringwire:Ringing:ClaimTimeoutSeconds=0"));

        Assert.Equal(CommandRun.BadOptions, result.Code);
        Assert.Contains("Ringwire:Storage:Provider 'mongo'", result.Error, StringComparison.Ordinal);
        Assert.Contains("ClaimTimeoutSeconds", result.Error, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }

    [Fact]
    public async Task Serve_OnAPortInUse_ExitsWith1_InOneLine()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await Cli.RunAsync(Serve("--urls", $"http://127.0.0.1:{port}"));

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Contains("address already in use", result.Error, StringComparison.OrdinalIgnoreCase);
        result.AssertNoStackTrace();
    }

    [Theory]
    [InlineData("8080")]
    [InlineData("--Ringwire:ApiKeys:0")]
    public async Task Serve_WithAStrayArgument_ExitsWith2(string stray)
    {
        var result = await Cli.RunAsync(Serve("--urls", "http://127.0.0.1:0", stray));

        Assert.Equal(CommandRun.BadOptions, result.Code);
        Assert.Contains(stray, result.Error, StringComparison.Ordinal);
    }
}
