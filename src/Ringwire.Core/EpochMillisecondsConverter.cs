using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ringwire.Core;

/// <summary>WebSocket messages carry timestamps as Unix epoch milliseconds (contract, preamble), on both ends of the channel.</summary>
public sealed class EpochMillisecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64());

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds());
}
