using System.Collections.Immutable;
using Ringwire.Core;

namespace Ringwire.Storage.Sqlite;

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

    public string CallId { get; init; } = "";
    public string FromUser { get; init; } = "";
    public string ToUser { get; init; } = "";
    public string? CallerName { get; init; }
    public string CallerHandle { get; init; } = "";
    public string HandleType { get; init; } = "";
    public long Video { get; init; }
    public string State { get; init; } = "";
    public long Version { get; init; }
    public string? EndReason { get; init; }
    public string? AnsweredBy { get; init; }
    public string? EndedBy { get; init; }
    public string? EndedByDevice { get; init; }
    public long CreatedAt { get; init; }
    public long RingUntil { get; init; }
    public long ClaimUntil { get; init; }
    public long? AnsweredAt { get; init; }
    public long? EndedAt { get; init; }
    public string Metadata { get; init; } = "{}";

    public Call ToCall(ImmutableArray<Leg> legs) => new()
    {
        CallId = SqliteEncoding.ToGuid(CallId),
        From = FromUser,
        To = ToUser,
        CallerName = CallerName,
        CallerHandle = CallerHandle,
        HandleType = SqliteEncoding.ToHandleType(HandleType),
        Video = Video != 0,
        State = SqliteEncoding.ToCallState(State),
        Version = checked((int)Version),
        EndReason = SqliteEncoding.ToEndReason(EndReason),
        AnsweredBy = AnsweredBy,
        EndedBy = EndedBy,
        EndedByDevice = EndedByDevice,
        CreatedAt = SqliteEncoding.ToTime(CreatedAt),
        RingUntil = SqliteEncoding.ToTime(RingUntil),
        ClaimUntil = SqliteEncoding.ToTime(ClaimUntil),
        AnsweredAt = SqliteEncoding.ToTime(AnsweredAt),
        EndedAt = SqliteEncoding.ToTime(EndedAt),
        Legs = legs,
        Metadata = Metadata,
    };

    /// <summary>The parameters of an insert of every column (named after the columns).</summary>
    public static object Parameters(Call call) => new
    {
        call_id = SqliteEncoding.Id(call.CallId),
        from_user = call.From,
        to_user = call.To,
        caller_name = call.CallerName,
        caller_handle = call.CallerHandle,
        handle_type = SqliteEncoding.Text(call.HandleType),
        video = call.Video ? 1L : 0L,
        state = SqliteEncoding.Text(call.State),
        version = (long)call.Version,
        end_reason = SqliteEncoding.Text(call.EndReason),
        answered_by = call.AnsweredBy,
        ended_by = call.EndedBy,
        ended_by_device = call.EndedByDevice,
        created_at = SqliteEncoding.Ms(call.CreatedAt),
        ring_until = SqliteEncoding.Ms(call.RingUntil),
        claim_until = SqliteEncoding.Ms(call.ClaimUntil),
        answered_at = SqliteEncoding.Ms(call.AnsweredAt),
        ended_at = SqliteEncoding.Ms(call.EndedAt),
        metadata = call.Metadata,
    };
}
