using System.Globalization;
using Ringwire.Core;

namespace Ringwire.Server.Cluster;

/// <summary>
/// What one node tells the others when a call changed: which call, which version, who the parties are (so a node
/// with none of their devices can ignore it without a read), and never the call itself; a node that cares reads the
/// call from the store. So a notice stays far below NOTIFY's 8000-byte limit whatever the call carries.
/// </summary>
public sealed record CallNotice(string NodeId, Guid CallId, int Version, string From, string To, bool IncludeCallee)
{
    private const string Prefix = "1";

    public static CallNotice Of(string nodeId, Call call, bool includeCallee) =>
        new(nodeId, call.CallId, call.Version, call.From, call.To, includeCallee);

    /// <summary><c>1|node|callId|version|c or f|from|to</c>: user ids never contain '|' (<see cref="Identifier"/>).</summary>
    public string Format() => string.Join('|', Prefix, NodeId, CallId.ToString("D"), Version.ToString(CultureInfo.InvariantCulture),
        IncludeCallee ? "c" : "f", From, To);

    /// <summary>Null for a payload this version does not understand (sent by a newer or older node): ignored, not fatal.</summary>
    public static CallNotice? Parse(string payload)
    {
        var parts = payload.Split('|');
        return parts.Length == 7 && parts[0] == Prefix
            && Guid.TryParse(parts[2], out var callId)
            && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && parts[4] is "c" or "f"
            ? new CallNotice(parts[1], callId, version, parts[5], parts[6], parts[4] == "c")
            : null;
    }
}
