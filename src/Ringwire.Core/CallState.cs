using System.Text.Json.Serialization;

namespace Ringwire.Core;

/// <summary>Where a call stands. Every state after <see cref="Answered"/> in this list is terminal.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CallState>))]
public enum CallState
{
    [JsonStringEnumMemberName("ringing")] Ringing,
    [JsonStringEnumMemberName("answered")] Answered,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    [JsonStringEnumMemberName("declined")] Declined,
    [JsonStringEnumMemberName("missed")] Missed,
    [JsonStringEnumMemberName("unreachable")] Unreachable,
    [JsonStringEnumMemberName("ended")] Ended,
}
