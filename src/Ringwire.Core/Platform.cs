using System.Text.Json.Serialization;

namespace Ringwire.Core;

[JsonConverter(typeof(JsonStringEnumConverter<Platform>))]
public enum Platform
{
    [JsonStringEnumMemberName("ios")] Ios,
    [JsonStringEnumMemberName("android")] Android,
    /// <summary>No push: reachable only while connected.</summary>
    [JsonStringEnumMemberName("web")] Web,
}
