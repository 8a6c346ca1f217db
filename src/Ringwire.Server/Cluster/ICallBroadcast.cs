using Ringwire.Core;

namespace Ringwire.Server.Cluster;

/// <summary>Tells the other nodes that a call changed, so they can tell the devices connected to them.</summary>
public interface ICallBroadcast
{
    /// <summary>Never blocks or throws: the change is already stored, and the caller's own devices already told.</summary>
    void Announce(Call call, bool includeCallee);
}
