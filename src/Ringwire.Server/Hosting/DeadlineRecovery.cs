using Ringwire.Server.Calls;
using Ringwire.Server.Logging;
using Ringwire.Storage;

namespace Ringwire.Server.Hosting;

/// <summary>
/// At start-up: brings the schema up to date, then re-arms the deadline of every call that was ringing when the
/// process stopped, so each still ends on time, or at once if overdue.
/// </summary>
/// <remarks>
/// The store is resolved when the service starts, after the options were validated: built earlier, a wrong storage
/// setting would surface as a database driver's exception instead of a plain-words configuration error.
/// </remarks>
internal sealed class DeadlineRecovery(IServiceProvider services, ILogger<DeadlineRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await services.GetRequiredService<IStoreSchema>().MigrateAsync(cancellationToken);
        var switchboard = services.GetRequiredService<Switchboard>();
        StartupLog.DeadlinesRecovered(logger, await switchboard.RecoverAsync(cancellationToken));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
