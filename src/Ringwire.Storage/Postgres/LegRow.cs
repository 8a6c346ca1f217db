using Ringwire.Core;

namespace Ringwire.Storage.Postgres;

/// <summary>A <c>legs</c> row as Dapper reads it.</summary>
internal sealed class LegRow
{
    public const string Columns = """
        call_id AS CallId, device_id AS DeviceId, platform AS Platform, push AS Push, push_error AS PushError,
        claimed_at AS ClaimedAt, reported_at AS ReportedAt
        """;

    public Guid CallId { get; init; }
    public string DeviceId { get; init; } = "";
    public string Platform { get; init; } = "";
    public string Push { get; init; } = "";
    public string? PushError { get; init; }
    public DateTime? ClaimedAt { get; init; }
    public DateTime? ReportedAt { get; init; }

    public Leg ToLeg() => new(
        DeviceId,
        StoredNames.ToPlatform(Platform),
        StoredNames.ToPushStatus(Push),
        PushError,
        PostgresEncoding.ToTime(ClaimedAt),
        PostgresEncoding.ToTime(ReportedAt));

    /// <summary>The parameters of an insert of every column but <c>push_at</c>.</summary>
    public static object Parameters(Guid callId, Leg leg) => new
    {
        call_id = callId,
        device_id = leg.DeviceId,
        platform = StoredNames.Text(leg.Platform),
        push = StoredNames.Text(leg.Push),
        push_error = leg.PushError,
        claimed_at = PostgresEncoding.Time(leg.ClaimedAt),
        reported_at = PostgresEncoding.Time(leg.ReportedAt),
    };
}
