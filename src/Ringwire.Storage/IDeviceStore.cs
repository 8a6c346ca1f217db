using Ringwire.Core;

namespace Ringwire.Storage;

public interface IDeviceStore
{
    /// <summary>
    /// Registers or updates a device in one transaction: any push token it carries is removed from every other
    /// device (of any user) that holds it, and when the user would exceed <paramref name="maxPerUser"/> devices the
    /// one registered or seen longest ago is removed. <see cref="Device.RegisteredAt"/> of an existing device is kept.
    /// </summary>
    Task<DeviceRegistration> UpsertAsync(Device device, int maxPerUser, CancellationToken cancellationToken);

    Task<Device?> GetAsync(string userId, string deviceId, CancellationToken cancellationToken);

    /// <summary>The user's devices, ordered by device id.</summary>
    Task<IReadOnlyList<Device>> ListAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Every user's devices, ordered by user id then device id, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Device>> ListAllAsync(int limit, CancellationToken cancellationToken);

    /// <summary>The devices among <paramref name="keys"/> that exist, ordered by user id then device id.</summary>
    Task<IReadOnlyList<Device>> GetManyAsync(IReadOnlyCollection<DeviceKey> keys, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string userId, string deviceId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes <paramref name="token"/> from the device (whichever of its tokens it is) after a push service said it
    /// is dead. With <paramref name="deadSince"/> (APNs' 410 timestamp) the token stays when the device was
    /// registered or updated after that moment: the app has a fresh registration for it (contract §7).
    /// False when nothing was removed.
    /// </summary>
    Task<bool> ForgetTokenAsync(string userId, string deviceId, string token, DateTimeOffset? deadSince, CancellationToken cancellationToken);

    /// <summary>Marks the device as seen now (it connected), which keeps it from being the one evicted by the cap.</summary>
    Task TouchAsync(string userId, string deviceId, DateTimeOffset at, CancellationToken cancellationToken);
}
