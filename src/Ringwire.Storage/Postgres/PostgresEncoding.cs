namespace Ringwire.Storage.Postgres;

/// <summary>
/// How times are written to and read from PostgreSQL's <c>timestamptz</c> columns (see Migrations/001_initial.sql).
/// Call ids are bound as <see cref="Guid"/> (uuid) and enums through <see cref="StoredNames"/>, so only times need
/// care here.
/// </summary>
internal static class PostgresEncoding
{
    /// <summary>
    /// The time as bound to a <c>timestamptz</c> parameter: in UTC (Npgsql refuses any other offset) and cut to the
    /// whole millisecond, the precision SQLite keeps, so both stores read back and compare the same values.
    /// </summary>
    public static DateTimeOffset Time(DateTimeOffset value) => DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    public static DateTimeOffset? Time(DateTimeOffset? value) => value is { } at ? Time(at) : null;

    /// <summary>A <c>timestamptz</c> as Npgsql reads it: a UTC <see cref="DateTime"/>.</summary>
    public static DateTimeOffset ToTime(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? ToTime(DateTime? value) => value is { } at ? ToTime(at) : null;
}
