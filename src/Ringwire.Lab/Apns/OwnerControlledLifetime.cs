using Microsoft.Extensions.Hosting;

namespace Ringwire.Lab.Apns;

/// <summary>
/// The simulator's host stops when its owner disposes it, not on the console's Ctrl+C: inside a server or a test run,
/// the default console lifetime would take signals meant for the process.
/// </summary>
internal sealed class OwnerControlledLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
