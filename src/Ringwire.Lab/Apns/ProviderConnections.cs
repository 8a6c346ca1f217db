using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections.Features;

namespace Ringwire.Lab.Apns;

/// <summary>The open connections, so that their token state ends with them.</summary>
internal sealed class ProviderConnections
{
    private readonly ConcurrentDictionary<string, ProviderConnection> _open = new();

    /// <summary>Raised after a connection's state is gone; lets tests wait for it instead of polling.</summary>
    public event Action<string>? Closed;

    public int Count => _open.Count;

    public void Open(string connectionId, IConnectionLifetimeNotificationFeature? lifetime) =>
        _open[connectionId] = new ProviderConnection(lifetime);

    public void Close(string connectionId)
    {
        _open.TryRemove(connectionId, out _);
        Closed?.Invoke(connectionId);
    }

    public ProviderConnection For(string connectionId) => _open.GetOrAdd(connectionId, static _ => new ProviderConnection(null));
}
