using Ringwire.Server.Hosting;

namespace Ringwire.Cli.Tests;

/// <summary>The real server in process on 127.0.0.1 (a free port), with a known API key and no per-user call limit.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string ApiKey = "cli-test-api-key-0123456789";

    private readonly TempFolder _folder = new();
    private LoopbackServer? _server;

    public Uri BaseAddress => (_server ?? throw new InvalidOperationException("The server has not started.")).BaseAddress;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(new Dictionary<string, string?>
    {
        ["Ringwire:ApiKeys:0"] = ApiKey,
        ["Ringwire:Storage:ConnectionString"] = $"Data Source={_folder.File("ringwire.db")}",
        // A load run is a few users placing many calls.
        ["Ringwire:RateLimits:CallsPerMinutePerUser"] = "0",
    });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _folder.Dispose();
    }
}
