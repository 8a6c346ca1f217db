using System.Security.Cryptography;

namespace Ringwire.Server.Cluster;

/// <summary>
/// This process among the nodes sharing a database: new at every start, so the records of a previous run (presence
/// rows, notices in flight) are never taken for this one's.
/// </summary>
public sealed class NodeId
{
    public string Value { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public override string ToString() => Value;
}
