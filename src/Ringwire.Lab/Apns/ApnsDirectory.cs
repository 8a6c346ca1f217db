using System.Collections.Concurrent;
using System.Collections.Immutable;
using Ringwire.Core;

namespace Ringwire.Lab.Apns;

/// <summary>What Apple knows about teams, keys and devices, as the simulator was told.</summary>
internal sealed class ApnsDirectory(TimeProvider time, TimeSpan staleConnectionWindow) : IDisposable
{
    private readonly ConcurrentDictionary<string, ImmutableHashSet<string>> _bundleIdsByTeam = new();
    private readonly ConcurrentDictionary<string, ProviderKey> _keys = new();
    private readonly ConcurrentDictionary<string, SimulatedDevice> _devices = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unregisteredAt = new();

    public void AddTeam(string teamId, IEnumerable<string> bundleIds) =>
        _bundleIdsByTeam.AddOrUpdate(teamId, _ => [.. bundleIds], (_, known) => known.Union(bundleIds));

    // A replaced key is left to the garbage collector: a request on another thread may be verifying with it.
    public void AddKey(ProviderKey key) => _keys[key.KeyId] = key;

    public SimulatedDevice AddDevice(string token, string topic, ApnsEnvironment environment)
    {
        var device = new SimulatedDevice(token, topic, environment, time, staleConnectionWindow);
        _devices[Normalize(token)] = device;
        return device;
    }

    public void Unregister(string token, DateTimeOffset at) => _unregisteredAt[Normalize(token)] = at;

    public ProviderKey? FindKey(string keyId) => _keys.GetValueOrDefault(keyId);

    public bool IsKnownTeam(string teamId) => _bundleIdsByTeam.ContainsKey(teamId);

    public bool AllowsBundleId(string teamId, string bundleId) =>
        _bundleIdsByTeam.TryGetValue(teamId, out var bundleIds) && bundleIds.Contains(bundleId);

    public SimulatedDevice? FindDevice(string token) => _devices.GetValueOrDefault(Normalize(token));

    public DateTimeOffset? UnregisteredAt(string token) => _unregisteredAt.TryGetValue(Normalize(token), out var at) ? at : null;

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }

    // Tokens are hex bytes: the same token in upper or lower case is the same device.
    private static string Normalize(string token) => token.ToLowerInvariant();
}
