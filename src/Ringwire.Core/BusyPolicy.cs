using System.Text.Json.Serialization;

namespace Ringwire.Core;

/// <summary>What happens to a call for a user who is already in an answered call.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BusyPolicy>))]
public enum BusyPolicy
{
    /// <summary>Call waiting: ring as usual.</summary>
    [JsonStringEnumMemberName("ring")] Ring,
    /// <summary>End the new call at once as declined/busy, with no push.</summary>
    [JsonStringEnumMemberName("reject")] Reject,
}
