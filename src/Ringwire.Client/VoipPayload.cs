using System.Text.Json;
using Ringwire.Core;

namespace Ringwire.Client;

/// <summary>The <c>ringwire</c> object of a VoIP push (contract §7), read leniently: a push must be reported even when broken.</summary>
internal sealed record VoipPayload(
    Guid CallId,
    string From,
    string? CallerName,
    string? CallerHandle,
    HandleType HandleType,
    bool Video,
    DateTimeOffset? RingUntil)
{
    /// <summary>
    /// The payload, or null when it cannot be used; <paramref name="callId"/> is the call's id whenever one could be read,
    /// so that even a broken push is reported under the call's own UUID.
    /// </summary>
    public static VoipPayload? Parse(ReadOnlyMemory<byte> payload, out Guid? callId)
    {
        callId = null;
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("ringwire", out var body)
                || body.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (String(body, "callId") is { } text && Guid.TryParse(text, out var id))
            {
                callId = id;
            }

            var from = String(body, "from");
            if (callId is null || string.IsNullOrEmpty(from))
            {
                return null;
            }

            DateTimeOffset? ringUntil = body.TryGetProperty("ringUntil", out var until) && until.ValueKind == JsonValueKind.Number && until.TryGetInt64(out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : null;
            return new VoipPayload(
                callId.Value,
                from,
                String(body, "callerName"),
                String(body, "callerHandle"),
                String(body, "handleType") switch
                {
                    "phoneNumber" => HandleType.PhoneNumber,
                    "emailAddress" => HandleType.EmailAddress,
                    _ => HandleType.Generic,
                },
                body.TryGetProperty("video", out var video) && video.ValueKind == JsonValueKind.True,
                ringUntil);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
