using System.Text.Json;

namespace Ringwire.Lab.Load;

/// <summary>
/// Client → server frames. The request id is the verb plus the call id: unique per call
/// (each call is answered, ended or declined once by this tool), and it lets a reply —
/// including an error reply, which carries no call — be routed back to its call.
/// </summary>
internal static class DeviceRequest
{
    public const string AnswerVerb = "answer";
    public const string EndVerb = "end";
    public const string DeclineVerb = "decline";

    private const char Separator = ':';

    public static byte[] Answer(string callId) => Build(AnswerVerb, callId);

    public static byte[] End(string callId) => Build(EndVerb, callId);

    public static byte[] Decline(string callId) => Build(DeclineVerb, callId);

    /// <summary>Splits a replyTo id made by this type back into verb and call id.</summary>
    public static bool TrySplitId(string id, out string verb, out string callId)
    {
        var separator = id.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0)
        {
            verb = string.Empty;
            callId = string.Empty;
            return false;
        }

        verb = id[..separator];
        callId = id[(separator + 1)..];
        return true;
    }

    private static byte[] Build(string verb, string callId)
    {
        using var buffer = new MemoryStream(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", verb);
            writer.WriteString("id", verb + Separator + callId);
            writer.WriteString("callId", callId);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
