using System.Collections.Immutable;
using Ringwire.Core;

namespace Ringwire.Storage.Postgres;

/// <summary>A <c>calls</c> row as Dapper reads it (columns aliased to these names in <see cref="Columns"/>).</summary>
internal sealed class CallRow
{
    public const string Columns = """
        call_id AS CallId, from_user AS FromUser, to_user AS ToUser, caller_name AS CallerName,
        caller_handle AS CallerHandle, handle_type AS HandleType, video AS Video, state AS State, version AS Version,
        end_reason AS EndReason, answered_by AS AnsweredBy, ended_by AS EndedBy, ended_by_device AS EndedByDevice,
        created_at AS CreatedAt, ring_until AS RingUntil, claim_until AS ClaimUntil, answered_at AS AnsweredAt,
        ended_at AS EndedAt, metadata AS Metadata
        """;

    public Guid CallId { get; init; }
    public string FromUser { get; init; } = "";
    public string ToUser { get; init; } = "";
    public string? CallerName { get; init; }
    public string CallerHandle { get; init; } = "";
    public string HandleType { get; init; } = "";
    public bool Video { get; init; }
    public string State { get; init; } = "";
    public int Version { get; init; }
    public string? EndReason { get; init; }
    public string? AnsweredBy { get; init; }
    public string? EndedBy { get; init; }
    public string? EndedByDevice { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime RingUntil { get; init; }
    public DateTime ClaimUntil { get; init; }
    public DateTime? AnsweredAt { get; init; }
    public DateTime? EndedAt { get; init; }
    public string Metadata { get; init; } = "{}";

    public Call ToCall(ImmutableArray<Leg> legs) => new()
    {
        CallId = CallId,
        From = FromUser,
        To = ToUser,
        CallerName = CallerName,
        CallerHandle = CallerHandle,
        HandleType = StoredNames.ToHandleType(HandleType),
        Video = Video,
        State = StoredNames.ToCallState(State),
        Version = Version,
        EndReason = StoredNames.ToEndReason(EndReason),
        AnsweredBy = AnsweredBy,
        EndedBy = EndedBy,
        EndedByDevice = EndedByDevice,
        CreatedAt = PostgresEncoding.ToTime(CreatedAt),
        RingUntil = PostgresEncoding.ToTime(RingUntil),
        ClaimUntil = PostgresEncoding.ToTime(ClaimUntil),
        AnsweredAt = PostgresEncoding.ToTime(AnsweredAt),
        EndedAt = PostgresEncoding.ToTime(EndedAt),
        Legs = legs,
        Metadata = Metadata,
    };

    /// <summary>The parameters of an insert of every column (named after the columns).</summary>
    public static object Parameters(Call call) => new
    {
        call_id = call.CallId,
        from_user = call.From,
        to_user = call.To,
        caller_name = call.CallerName,
        caller_handle = call.CallerHandle,
        handle_type = StoredNames.Text(call.HandleType),
        video = call.Video,
        state = StoredNames.Text(call.State),
        version = call.Version,
        end_reason = StoredNames.Text(call.EndReason),
        answered_by = call.AnsweredBy,
        ended_by = call.EndedBy,
        ended_by_device = call.EndedByDevice,
        created_at = PostgresEncoding.Time(call.CreatedAt),
        ring_until = PostgresEncoding.Time(call.RingUntil),
        claim_until = PostgresEncoding.Time(call.ClaimUntil),
        answered_at = PostgresEncoding.Time(call.AnsweredAt),
        ended_at = PostgresEncoding.Time(call.EndedAt),
        metadata = call.Metadata,
    };
}
