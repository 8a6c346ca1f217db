using Ringwire.Server.Cluster;
using Ringwire.Server.Json;
using Ringwire.Storage;

namespace Ringwire.Server.Observability;

/// <summary>
/// Every user's devices for the operator, those at risk first (contract §4's rule, <see cref="PushHealthView.Of"/>),
/// then the rest by user and device id. A fixed number of queries whatever the number of users: the unclaimed pushes
/// of all devices, the devices they may put at risk (a batch of the limit, rarely more), the first devices by id, and
/// who of them is connected.
/// </summary>
public sealed class DeviceRoster(IDeviceStore devices, ICallStore calls, IDevicePresence presence, TimeProvider time)
{
    public async Task<IReadOnlyList<DeviceStatusView>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var unclaimed = await calls.CountUnclaimedPushesAsync(time.GetUtcNow() - PushHealthView.Window, cancellationToken);
        var suspects = unclaimed.Where(u => u.Value >= PushHealthView.AtRiskUnclaimedPushes).Select(u => u.Key)
            .OrderBy(k => k.UserId, StringComparer.Ordinal).ThenBy(k => k.DeviceId, StringComparer.Ordinal).ToArray();
        // Read in batches of the limit, in order: a suspect with no wake token is not at risk (it is listed in its place
        // among the rest), so a batch may come up short.
        List<(Core.Device Device, PushHealthView Health)> atRisk = [];
        foreach (var batch in suspects.Chunk(Math.Max(1, limit)))
        {
            atRisk.AddRange((await devices.GetManyAsync(batch, cancellationToken))
                .Select(d => (Device: d, Health: PushHealthView.Of(d, unclaimed[Key(d)])))
                .Where(d => d.Health.Status == PushHealthView.AtRisk));
            if (atRisk.Count >= limit)
            {
                break;
            }
        }

        var first = atRisk.Take(limit).Select(d => Key(d.Device)).ToHashSet();
        var rest = (await devices.ListAllAsync(limit, cancellationToken))
            .Where(d => !first.Contains(Key(d)))
            .Select(d => (Device: d, Health: PushHealthView.Of(d, unclaimed.GetValueOrDefault(Key(d)))));
        var listed = atRisk.Take(limit).Concat(rest).Take(limit).ToArray();

        var connected = await presence.ConnectedDevicesAsync([.. listed.Select(d => d.Device.UserId).Distinct(StringComparer.Ordinal)], cancellationToken);
        return [.. listed.Select(d => new DeviceStatusView(d.Device.UserId, d.Device.DeviceId, d.Device.Platform, d.Device.Name, d.Health,
            connected.Contains(Key(d.Device)), d.Device.LastSeenAt))];
    }

    private static DeviceKey Key(Core.Device device) => new(device.UserId, device.DeviceId);
}
