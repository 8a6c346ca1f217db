namespace Ringwire.Lab.Apns;

/// <summary>
/// A request whose headers and :path passed Apple's checks. <paramref name="PushType"/> is the header as sent (null when
/// absent); <paramref name="Expiration"/> is apns-expiration in epoch seconds.
/// </summary>
internal sealed record PushRequest(string Token, string Topic, string? PushType, int Priority, long? Expiration, string? CollapseId)
{
    /// <summary>The type the push is handled as: the header, else voip for a ".voip" topic (how APNs knew before the header existed), else alert.</summary>
    public string EffectivePushType => PushType ?? (Topic.EndsWith(PushTopics.VoipSuffix, StringComparison.Ordinal) ? "voip" : "alert");

    public DateTimeOffset? ExpiresAt => Expiration switch
    {
        null => null,
        var seconds when seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds() => DateTimeOffset.MaxValue,
        var seconds => DateTimeOffset.FromUnixTimeSeconds(seconds.Value),
    };
}
