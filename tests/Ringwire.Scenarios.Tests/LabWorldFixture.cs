using Ringwire.Lab.Scenarios;
using Ringwire.Server.Hosting;

namespace Ringwire.Scenarios.Tests;

/// <summary>One world (server, APNs simulator, clock) shared by the scenarios of a class; each run has users of its own.</summary>
public sealed class LabWorldFixture : IAsyncLifetime
{
    private LabWorld? _world;

    public LabWorld World => _world ?? throw new InvalidOperationException("The world has not started.");

    /// <summary>The server the CLI and the tests run scenarios against: Ringwire itself, in process on 127.0.0.1.</summary>
    public static async Task<LabServer> StartServerAsync(IReadOnlyDictionary<string, string?> settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var server = await LoopbackServer.StartAsync(settings, time, cancellationToken: cancellationToken);
        return new LabServer(server.BaseAddress, server);
    }

    public async Task InitializeAsync() => _world = await LabWorld.StartAsync(StartServerAsync);

    public async Task DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }
}
