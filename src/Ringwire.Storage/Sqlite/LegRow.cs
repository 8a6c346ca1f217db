using Ringwire.Core;

namespace Ringwire.Storage.Sqlite;

/// <summary>A <c>legs</c> row as Dapper reads it.</summary>
internal sealed class LegRow
{
    public const string Columns = """
        call_id AS CallId, device_id AS DeviceId, platform AS Platform, push AS Push, push_error AS PushError,
        claimed_at AS ClaimedAt, reported_at AS ReportedAt
        """;

    public string CallId { get; init; } = "";
    public string DeviceId { get; init; } = "";
    public string Platform { get; init; } = "";
    public string Push { get; init; } = "";
    public string? PushError { get; init; }
    public long? ClaimedAt { get; init; }
    public long? ReportedAt { get; init; }

    public Leg ToLeg() => new(
        DeviceId,
        SqliteEncoding.ToPlatform(Platform),
        SqliteEncoding.ToPushStatus(Push),
        PushError,
        SqliteEncoding.ToTime(ClaimedAt),
        SqliteEncoding.ToTime(ReportedAt));
}
