using Microsoft.Extensions.Options;
using Ringwire.Server.Channel;
using Ringwire.Server.Logging;
using Ringwire.Server.Options;
using Ringwire.Storage;

namespace Ringwire.Server.Cluster;

/// <summary>
/// Several nodes: each connection is also a row in the shared store, renewed by <see cref="PresenceRenewal"/> and
/// expiring with its node. This node's own connections are asked first, without a round trip.
/// </summary>
public sealed class SharedPresence(
    DeviceConnections connections,
    IPresenceStore store,
    NodeId node,
    IOptions<RingwireOptions> options,
    TimeProvider time,
    ILogger<SharedPresence> logger) : IDevicePresence
{
    public TimeSpan Lifetime => TimeSpan.FromSeconds(options.Value.Cluster.PresenceSeconds);

    public Task ConnectedAsync(DeviceConnection connection, CancellationToken cancellationToken) =>
        store.AddAsync(Entry(connection), time.GetUtcNow() + Lifetime, cancellationToken);

    public async Task DisconnectedAsync(DeviceConnection connection)
    {
        try
        {
            await store.RemoveAsync(connection.ConnectionId, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The row expires on its own, since this node no longer renews it.
            ClusterLog.PresenceFailed(logger, node.Value, e);
        }
    }

    public async ValueTask<bool> IsConnectedAsync(string userId, CancellationToken cancellationToken) =>
        connections.IsConnected(userId) || await store.IsConnectedAsync(userId, time.GetUtcNow(), cancellationToken);

    public async ValueTask<IReadOnlySet<DeviceKey>> ConnectedDevicesAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var here = connections.ConnectedDevices(userIds);
        var anywhere = await store.ListConnectedAsync(userIds, time.GetUtcNow(), cancellationToken);
        return here.Union(anywhere).ToHashSet();
    }

    public PresenceEntry Entry(DeviceConnection connection) => new(connection.ConnectionId, node.Value, connection.UserId, connection.DeviceId);
}
