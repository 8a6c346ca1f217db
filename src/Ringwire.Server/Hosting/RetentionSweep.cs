using Microsoft.Extensions.Options;
using Ringwire.Server.Logging;
using Ringwire.Server.Options;
using Ringwire.Storage;

namespace Ringwire.Server.Hosting;

/// <summary>Hourly, deletes calls that ended longer ago than <c>Ringwire:Retention:Days</c>.</summary>
/// <remarks>The store is resolved when the sweep starts, after options validation (see <see cref="DeadlineRecovery"/>).</remarks>
internal sealed class RetentionSweep(IServiceProvider services, IOptions<RingwireOptions> options, TimeProvider time, ILogger<RetentionSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var calls = services.GetRequiredService<ICallStore>();
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            var days = options.Value.Retention.Days;
            try
            {
                var purged = await calls.PurgeEndedBeforeAsync(time.GetUtcNow().AddDays(-days), stoppingToken);
                if (purged > 0)
                {
                    StartupLog.CallsPurged(logger, purged, days);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed purge only delays clean-up; the next hour tries again.
                StartupLog.PurgeFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
