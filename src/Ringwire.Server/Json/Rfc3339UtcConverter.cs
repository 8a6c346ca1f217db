using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ringwire.Server.Json;

/// <summary>REST bodies carry timestamps as RFC 3339 UTC strings with a <c>Z</c> (contract, preamble).</summary>
internal sealed class Rfc3339UtcConverter : JsonConverter<DateTimeOffset>
{
    // A string that is not a date is the client's mistake: JsonException makes it a 400 naming the field, not a 500.
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new JsonException("Not an RFC 3339 date-time.");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
