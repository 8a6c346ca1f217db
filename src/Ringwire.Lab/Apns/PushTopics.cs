namespace Ringwire.Lab.Apns;

/// <summary>How a topic relates to a bundle id and a push type (A1).</summary>
internal static class PushTopics
{
    /// <summary>A1: a voip push goes to "&lt;bundleID&gt;.voip".</summary>
    public const string VoipSuffix = ".voip";

    public static string BundleIdOf(string topic) =>
        topic.EndsWith(VoipSuffix, StringComparison.Ordinal) ? topic[..^VoipSuffix.Length] : topic;

    /// <summary>True when the push type and the topic's suffix disagree: voip without ".voip", or ".voip" with another stated type.</summary>
    public static bool Mismatch(string topic, string? pushType)
    {
        var voipTopic = topic.EndsWith(VoipSuffix, StringComparison.Ordinal);
        return pushType == "voip" ? !voipTopic : voipTopic && pushType is not null;
    }
}
