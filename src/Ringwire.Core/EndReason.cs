using System.Text.Json.Serialization;

namespace Ringwire.Core;

/// <summary>Why a call reached its terminal state (contract §5).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EndReason>))]
public enum EndReason
{
    [JsonStringEnumMemberName("caller_cancelled")] CallerCancelled,
    [JsonStringEnumMemberName("callee_declined")] CalleeDeclined,
    [JsonStringEnumMemberName("busy")] Busy,
    [JsonStringEnumMemberName("ring_timeout")] RingTimeout,
    [JsonStringEnumMemberName("dnd")] Dnd,
    [JsonStringEnumMemberName("no_devices")] NoDevices,
    [JsonStringEnumMemberName("push_failed")] PushFailed,
    [JsonStringEnumMemberName("claim_timeout")] ClaimTimeout,
    [JsonStringEnumMemberName("hangup")] Hangup,
}
