using Ringwire.Core;

namespace Ringwire.Server.Cluster;

/// <summary>SQLite: this node is the only one, and it has told its own devices already.</summary>
public sealed class SingleNodeBroadcast : ICallBroadcast
{
    public void Announce(Call call, bool includeCallee)
    {
    }
}
