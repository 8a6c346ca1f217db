using Ringwire.Server.Channel;
using Ringwire.Storage;

namespace Ringwire.Server.Cluster;

/// <summary>Whether a user has a device connected anywhere: the claim timeout's question (contract §5).</summary>
public interface IDevicePresence
{
    /// <summary>Records a connection; called before the device is greeted, so a device that has its hello counts.</summary>
    Task ConnectedAsync(DeviceConnection connection, CancellationToken cancellationToken);

    /// <summary>Forgets a connection. Never throws: the device is gone either way.</summary>
    Task DisconnectedAsync(DeviceConnection connection);

    ValueTask<bool> IsConnectedAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The devices of <paramref name="userIds"/> connected anywhere now (the operator's device list).</summary>
    ValueTask<IReadOnlySet<DeviceKey>> ConnectedDevicesAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken);
}
