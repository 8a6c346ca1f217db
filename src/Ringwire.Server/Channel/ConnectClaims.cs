using Microsoft.Extensions.Primitives;
using Ringwire.Core;

namespace Ringwire.Server.Channel;

/// <summary>
/// The <c>claim</c> query of <c>GET /v1/connect</c> (an addition to contract §6, docs/protocol.md): the calls a device
/// woken by a push claims on the connect itself, answered right after the hello, which saves it a round trip.
/// </summary>
public static class ConnectClaims
{
    public static readonly string Requirement = $"claim takes 1 to {CarriedClaims.Max} call ids (UUIDs), separated by commas.";

    /// <summary>The call ids, none when the query has no <c>claim</c>; false when it is malformed.</summary>
    public static bool TryParse(StringValues query, out Guid[] callIds)
    {
        callIds = [];
        if (query.Count == 0)
        {
            return true;
        }

        var parts = string.Join(',', query.ToArray()).Split(',');
        if (parts.Length > CarriedClaims.Max)
        {
            return false;
        }

        var ids = new Guid[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!Guid.TryParse(parts[i], out ids[i]))
            {
                return false;
            }
        }

        callIds = [.. ids.Distinct()];
        return true;
    }
}
