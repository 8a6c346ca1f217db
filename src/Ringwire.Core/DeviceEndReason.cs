using System.Text.Json.Serialization;

namespace Ringwire.Core;

/// <summary>How a call ended for one device, named after CallKit's <c>CXCallEndedReason</c> (contract §6).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeviceEndReason>))]
public enum DeviceEndReason
{
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("remoteEnded")] RemoteEnded,
    [JsonStringEnumMemberName("unanswered")] Unanswered,
    [JsonStringEnumMemberName("answeredElsewhere")] AnsweredElsewhere,
    [JsonStringEnumMemberName("declinedElsewhere")] DeclinedElsewhere,
}
