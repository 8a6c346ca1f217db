using System.Text;
using Microsoft.AspNetCore.Http;

namespace Ringwire.Lab.Apns;

/// <summary>
/// Apple's checks on the :path and headers, before authentication, in the order of Pushy's validating mock server
/// (reference §5.1) with Apple's rules (A1, A2).
/// </summary>
internal static class PushRequestReading
{
    public const string DevicePathPrefix = "/3/device/";

    // A1: the apns-push-type values.
    private static readonly HashSet<string> PushTypes =
        ["alert", "background", "complication", "controls", "fileprovider", "liveactivity", "location", "mdm", "pushtotalk", "voip", "widgets"];

    private static readonly string[] ApnsHeaders =
        ["authorization", "apns-id", "apns-topic", "apns-push-type", "apns-priority", "apns-expiration", "apns-collapse-id"];

    /// <summary>The token segment of a device :path, or null for any other path.</summary>
    public static string? TokenOf(string path) =>
        path.StartsWith(DevicePathPrefix, StringComparison.Ordinal) ? path[DevicePathPrefix.Length..] : null;

    public static (PushRequest? Request, ApnsAnswer? Refusal) Read(string method, string path, IHeaderDictionary headers)
    {
        if (TokenOf(path) is not { } token)
        {
            return (null, new ApnsAnswer(404, ApnsReasons.BadPath));
        }

        // Kestrel folds a repeated header into one entry with several values.
        if (Array.Exists(ApnsHeaders, name => headers.TryGetValue(name, out var values) && values.Count > 1))
        {
            return (null, ApnsAnswer.BadRequest(ApnsReasons.DuplicateHeaders));
        }

        if (Single(headers, "apns-id") is { } apnsId && !Guid.TryParseExact(apnsId, "D", out _))
        {
            return (null, ApnsAnswer.BadRequest(ApnsReasons.BadMessageId));
        }

        if (!HttpMethods.IsPost(method))
        {
            return (null, new ApnsAnswer(405, ApnsReasons.MethodNotAllowed));
        }

        if (Single(headers, "apns-topic") is not { Length: > 0 } topic)
        {
            return (null, ApnsAnswer.BadRequest(ApnsReasons.MissingTopic));
        }

        var collapseId = Single(headers, "apns-collapse-id");
        if (collapseId is not null && Encoding.UTF8.GetByteCount(collapseId) > 64)
        {
            return (null, ApnsAnswer.BadRequest(ApnsReasons.BadCollapseId));
        }

        var priority = 10; // A1: 10 when omitted
        if (Single(headers, "apns-priority") is { } priorityText)
        {
            if (priorityText is not ("10" or "5" or "1"))
            {
                return (null, ApnsAnswer.BadRequest(ApnsReasons.BadPriority));
            }

            priority = int.Parse(priorityText);
        }

        var pushType = Single(headers, "apns-push-type");
        if (pushType is not null && !PushTypes.Contains(pushType))
        {
            return (null, ApnsAnswer.BadRequest(ApnsReasons.InvalidPushType));
        }

        long? expiration = null;
        if (Single(headers, "apns-expiration") is { } expirationText)
        {
            if (!expirationText.All(char.IsAsciiDigit) || !long.TryParse(expirationText, out var seconds))
            {
                return (null, ApnsAnswer.BadRequest(ApnsReasons.BadExpirationDate));
            }

            expiration = seconds;
        }

        if (token.Length == 0)
        {
            return (null, ApnsAnswer.BadRequest(ApnsReasons.MissingDeviceToken));
        }

        if (!IsWellFormedToken(token))
        {
            return (null, ApnsAnswer.BadRequest(ApnsReasons.BadDeviceToken));
        }

        return (new PushRequest(token, topic, pushType, priority, expiration, collapseId), null);
    }

    /// <summary>
    /// Hex bytes, 32 to 100 of them: today's tokens are 32 bytes, and Apple says not to assume a size (reference §3),
    /// so longer ones are allowed up to a bound.
    /// </summary>
    public static bool IsWellFormedToken(string token) =>
        token.Length is >= 64 and <= 200 && token.Length % 2 == 0 && token.All(char.IsAsciiHexDigit);

    private static string? Single(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}
