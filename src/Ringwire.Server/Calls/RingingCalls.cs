using System.Collections.Concurrent;

namespace Ringwire.Server.Calls;

/// <summary>
/// The calls ringing on this node, each with a token that is cancelled the moment it stops ringing. The ringer
/// checks it before every push and waits on it between retries, so no push leaves for a finished call and a
/// call that ends cancels its pending retries (contract §7).
/// </summary>
public sealed class RingingCalls
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _calls = new();

    /// <summary>Starts tracking a ringing call (again, after a restart); returns its token.</summary>
    public CancellationToken Begin(Guid callId) => _calls.GetOrAdd(callId, static _ => new CancellationTokenSource()).Token;

    /// <summary>Cancelled once the call stops ringing; already cancelled for a call not ringing here.</summary>
    public CancellationToken TokenFor(Guid callId) => _calls.TryGetValue(callId, out var source) ? source.Token : new CancellationToken(canceled: true);

    public void End(Guid callId)
    {
        if (_calls.TryRemove(callId, out var source))
        {
            source.Cancel();
            source.Dispose();
        }
    }
}
