using Ringwire.Core;

namespace Ringwire.Server.Json;

public sealed record LegView(
    string DeviceId,
    Platform Platform,
    PushStatus Push,
    string? PushError,
    DateTimeOffset? ClaimedAt,
    DateTimeOffset? ReportedAt)
{
    public static LegView Of(Leg leg) =>
        new(leg.DeviceId, leg.Platform, leg.Push, leg.PushError, leg.ClaimedAt, leg.ReportedAt);
}
