using Microsoft.Extensions.Options;
using Ringwire.Server.Channel;
using Ringwire.Server.Logging;
using Ringwire.Server.Options;
using Ringwire.Storage;

namespace Ringwire.Server.Cluster;

/// <summary>
/// Every third of <see cref="ClusterOptions.PresenceSeconds"/>: renews the rows of the devices connected here, writes
/// back any that went missing (purged while the database was out of reach), and deletes rows that expired long ago
/// (their node died).
/// </summary>
internal sealed class PresenceRenewal(
    DeviceConnections connections,
    SharedPresence presence,
    IPresenceStore store,
    NodeId node,
    TimeProvider time,
    ILogger<PresenceRenewal> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(presence.Lifetime / 3, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var here = connections.All();
                var expiresAt = time.GetUtcNow() + presence.Lifetime;
                var renewed = await store.RenewAsync([.. here.Select(c => c.ConnectionId)], expiresAt, stoppingToken);
                if (renewed < here.Count)
                {
                    await store.RestoreAsync([.. here.Select(presence.Entry)], expiresAt, stoppingToken);
                }

                await store.PurgeExpiredAsync(time.GetUtcNow() - presence.Lifetime, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ClusterLog.PresenceFailed(logger, node.Value, e);
            }
        }
    }
}
