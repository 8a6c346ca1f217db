using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Ringwire.Lab;

namespace Ringwire.Cli.Tests;

/// <summary><c>ringwire token</c> against the real server: the token alone on stdout, errors explained on stderr.</summary>
public sealed class TokenCommandTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private string Url => server.BaseAddress.ToString();

    [Fact]
    public async Task Token_PrintsOnlyAWorkingToken_AndItsExpiryOnStderr()
    {
        var result = await Cli.RunAsync("token", "bob", "--server", Url, "--api-key", ServerFixture.ApiKey, "--ttl", "600");

        Assert.Equal(0, result.Code);
        var token = result.Output.TrimEnd('\n');
        Assert.DoesNotContain('\n', token);
        Assert.Equal(3, token.Split('.').Length);
        Assert.Matches(@"^expires \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in 10 min\)", result.Error);

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/devices");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request).WithTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Token_TakesServerAndKeyFromTheEnvironment()
    {
        var environment = new Dictionary<string, string?> { ["RINGWIRE_URL"] = Url, ["RINGWIRE_API_KEY"] = ServerFixture.ApiKey };

        var result = await Cli.RunAsync(name => environment.GetValueOrDefault(name), "token", "alice");

        Assert.Equal(0, result.Code);
        Assert.StartsWith("eyJ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_WithAKeyTheServerRefuses_ExitsWith1_AndSaysWhichKey()
    {
        var result = await Cli.RunAsync("token", "bob", "--server", Url, "--api-key", "not-the-servers-key-123");

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Equal("", result.Output);
        Assert.Contains("refused the API key (401 unauthorized)", result.Error, StringComparison.Ordinal);
        Assert.Contains("RINGWIRE_API_KEY", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bob", "10", "--ttl: Must be between 60 and 2592000.")]
    [InlineData("b o b", "600", "userId: Must be 1–128 characters")]
    public async Task Token_TheServerFindsInvalid_ExitsWith2_AndNamesTheOption(string userId, string ttl, string explained)
    {
        var result = await Cli.RunAsync("token", userId, "--ttl", ttl, "--server", Url, "--api-key", ServerFixture.ApiKey);

        Assert.Equal(CommandRun.BadOptions, result.Code);
        Assert.Contains("(400 invalid_request)", result.Error, StringComparison.Ordinal);
        Assert.Contains(explained, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_WithoutAnApiKey_ExitsWith2()
    {
        var result = await Cli.RunAsync("token", "bob", "--server", Url);

        Assert.Equal(CommandRun.BadOptions, result.Code);
        Assert.Contains("--api-key", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_FromAServerThatIsNotThere_ExitsWith1_InOneLine()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await Cli.RunAsync("token", "bob", "--server", $"http://127.0.0.1:{port}", "--api-key", ServerFixture.ApiKey);

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Contains($"cannot reach the Ringwire server at http://127.0.0.1:{port}/", result.Error, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }
}
