using System.Text.Json.Serialization;

namespace Ringwire.Core;

[JsonConverter(typeof(JsonStringEnumConverter<ApnsEnvironment>))]
public enum ApnsEnvironment
{
    [JsonStringEnumMemberName("production")] Production,
    [JsonStringEnumMemberName("sandbox")] Sandbox,
}
