using Ringwire.Server.Calls;
using Ringwire.Server.Logging;
using Ringwire.Storage.Sqlite;

namespace Ringwire.Server.Hosting;

/// <summary>
/// At start-up: brings the schema up to date, then re-arms the deadline of every call that was ringing when the
/// process stopped, so each still ends on time, or at once if overdue.
/// </summary>
internal sealed class DeadlineRecovery(SqliteDatabase database, Switchboard switchboard, ILogger<DeadlineRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        StartupLog.DeadlinesRecovered(logger, await switchboard.RecoverAsync(cancellationToken));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
