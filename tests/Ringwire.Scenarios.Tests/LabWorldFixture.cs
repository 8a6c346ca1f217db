using Ringwire.Lab.Scenarios;
using Ringwire.Server.Hosting;

namespace Ringwire.Scenarios.Tests;

/// <summary>One world (server, APNs simulator, clock) shared by the scenarios of a class; each run has users of its own.</summary>
public sealed class LabWorldFixture : IAsyncLifetime
{
    private LabWorld? _world;

    public LabWorld World => _world ?? throw new InvalidOperationException("The world has not started.");

    public async Task InitializeAsync() => _world = await LabWorld.StartAsync(LoopbackServer.StartForLabAsync);

    public async Task DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }
}
