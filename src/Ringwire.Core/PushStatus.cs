using System.Text.Json.Serialization;

namespace Ringwire.Core;

/// <summary>What became of a leg's wake-up push.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PushStatus>))]
public enum PushStatus
{
    /// <summary>The push is on its way; an addition to the contract's list, seen only in the first moments of a call.</summary>
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("sent")] Sent,
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>The device has no push token for its platform (or is a web device).</summary>
    [JsonStringEnumMemberName("none")] None,
    /// <summary>Not pushed on purpose: do not disturb, busy.</summary>
    [JsonStringEnumMemberName("skipped")] Skipped,
}
