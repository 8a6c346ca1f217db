using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Ringwire.Server.Observability;
using Ringwire.Storage;

namespace Ringwire.Server.Channel;

/// <summary>The devices connected to this node, by user; their number is <c>ringwire.devices.connected</c>.</summary>
public sealed class DeviceConnections
{
    private readonly ConcurrentDictionary<string, ImmutableArray<DeviceConnection>> _byUser = new(StringComparer.Ordinal);

    public DeviceConnections(IMeterFactory meters) =>
        // Observed, not counted up and down: a listener that starts late (dotnet-counters) still reads the true number.
        meters.Create(PushMetrics.MeterName).CreateObservableUpDownCounter("ringwire.devices.connected", () => Count, "{connection}",
            "Device channel (WebSocket) connections open on this node.");

    /// <summary>Connections open here now (a device may hold two for a moment while it reconnects).</summary>
    public int Count => _byUser.Sum(user => user.Value.Length);

    public void Add(DeviceConnection connection) =>
        _byUser.AddOrUpdate(connection.UserId, static (_, c) => [c], static (_, list, c) => list.Add(c), connection);

    public void Remove(DeviceConnection connection)
    {
        while (_byUser.TryGetValue(connection.UserId, out var list))
        {
            var next = list.Remove(connection);
            var done = next.IsEmpty
                ? _byUser.TryRemove(new KeyValuePair<string, ImmutableArray<DeviceConnection>>(connection.UserId, list))
                : _byUser.TryUpdate(connection.UserId, next, list);
            if (done)
            {
                return;
            }
        }
    }

    public ImmutableArray<DeviceConnection> Of(string userId) =>
        _byUser.TryGetValue(userId, out var list) ? list : [];

    public bool IsConnected(string userId) => _byUser.ContainsKey(userId);

    public bool IsConnected(string userId, string deviceId) => Of(userId).Any(c => c.DeviceId == deviceId);

    /// <summary>The devices of <paramref name="userIds"/> connected here now.</summary>
    public IReadOnlySet<DeviceKey> ConnectedDevices(IEnumerable<string> userIds) =>
        userIds.SelectMany(u => Of(u)).Select(c => new DeviceKey(c.UserId, c.DeviceId)).ToHashSet();

    /// <summary>The users with a device connected here now.</summary>
    public IReadOnlyList<string> Users() => [.. _byUser.Keys];

    /// <summary>Every connection here now.</summary>
    public IReadOnlyList<DeviceConnection> All() => [.. _byUser.Values.SelectMany(list => list)];
}
