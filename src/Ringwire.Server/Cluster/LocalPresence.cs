using Ringwire.Server.Channel;
using Ringwire.Storage;

namespace Ringwire.Server.Cluster;

/// <summary>SQLite, one node: the devices connected here are all there are.</summary>
public sealed class LocalPresence(DeviceConnections connections) : IDevicePresence
{
    public Task ConnectedAsync(DeviceConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DisconnectedAsync(DeviceConnection connection) => Task.CompletedTask;

    public ValueTask<bool> IsConnectedAsync(string userId, CancellationToken cancellationToken) => ValueTask.FromResult(connections.IsConnected(userId));

    public ValueTask<IReadOnlySet<DeviceKey>> ConnectedDevicesAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken) =>
        ValueTask.FromResult(connections.ConnectedDevices(userIds));
}
