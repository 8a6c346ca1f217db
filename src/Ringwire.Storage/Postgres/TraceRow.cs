using Ringwire.Core;

namespace Ringwire.Storage.Postgres;

/// <summary>A <c>call_trace</c> row as Dapper reads it.</summary>
internal sealed class TraceRow
{
    public const string Columns = "at AS At, type AS Type, device_id AS DeviceId, detail AS Detail";

    public DateTime At { get; init; }
    public string Type { get; init; } = "";
    public string? DeviceId { get; init; }
    public string Detail { get; init; } = "{}";

    public TraceEvent ToEvent() => new(PostgresEncoding.ToTime(At), Type, DeviceId, Detail);

    /// <summary>The parameters of an insert into <c>call_trace</c>.</summary>
    public static object Parameters(Guid callId, TraceEvent trace) => new
    {
        call_id = callId,
        at = PostgresEncoding.Time(trace.At),
        type = trace.Type,
        device_id = trace.DeviceId,
        detail = trace.Detail,
    };
}
