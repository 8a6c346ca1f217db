using Ringwire.Core;

namespace Ringwire.Storage.Sqlite;

/// <summary>
/// How values are written to and read from SQLite columns (see Migrations/001_initial.sql): times as Unix epoch
/// milliseconds, enums as their contract names, call ids as lower-case "D" Guids. The enum names live in
/// <see cref="StoredNames"/>, shared with PostgreSQL; they are forwarded here so SQLite code reads one encoder.
/// </summary>
internal static class SqliteEncoding
{
    public static string Id(Guid callId) => callId.ToString("D");

    public static Guid ToGuid(string value) => Guid.ParseExact(value, "D");

    public static long Ms(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? Ms(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static DateTimeOffset ToTime(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? ToTime(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    public static string Text(CallState value) => StoredNames.Text(value);

    public static CallState ToCallState(string text) => StoredNames.ToCallState(text);

    public static string? Text(EndReason? value) => StoredNames.Text(value);

    public static EndReason? ToEndReason(string? text) => StoredNames.ToEndReason(text);

    public static string Text(HandleType value) => StoredNames.Text(value);

    public static HandleType ToHandleType(string text) => StoredNames.ToHandleType(text);

    public static string Text(PushStatus value) => StoredNames.Text(value);

    public static PushStatus ToPushStatus(string text) => StoredNames.ToPushStatus(text);

    public static string Text(Platform value) => StoredNames.Text(value);

    public static Platform ToPlatform(string text) => StoredNames.ToPlatform(text);

    public static string Text(ApnsEnvironment value) => StoredNames.Text(value);

    public static ApnsEnvironment ToApnsEnvironment(string text) => StoredNames.ToApnsEnvironment(text);
}
