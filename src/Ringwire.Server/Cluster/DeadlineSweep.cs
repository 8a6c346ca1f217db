using Microsoft.Extensions.Options;
using Ringwire.Server.Calls;
using Ringwire.Server.Logging;
using Ringwire.Server.Options;
using Ringwire.Storage;

namespace Ringwire.Server.Cluster;

/// <summary>
/// On a database several nodes share: every <see cref="ClusterOptions.SweepSeconds"/>, ends the ringing calls whose
/// deadline passed more than <see cref="ClusterOptions.SweepGraceSeconds"/> ago. The node that placed a call ends it
/// on time with its own timer; this is the safety net for the calls of a node that died or stalled.
/// </summary>
internal sealed class DeadlineSweep(
    Switchboard switchboard,
    ICallSweepStore sweeper,
    IOptions<RingwireOptions> options,
    TimeProvider time,
    ILogger<DeadlineSweep> logger) : BackgroundService
{
    /// <summary>Calls per transaction: short transactions, so locks are held briefly.</summary>
    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cluster = options.Value.Cluster;
        var grace = TimeSpan.FromSeconds(cluster.SweepGraceSeconds);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(cluster.SweepSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                int ended;
                var total = 0;
                do
                {
                    ended = await switchboard.SweepAsync(sweeper, grace, Batch, stoppingToken);
                    total += ended;
                }
                while (ended == Batch);

                if (total > 0)
                {
                    ClusterLog.CallsSwept(logger, total);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ClusterLog.SweepFailed(logger, e);
            }
        }
    }
}
