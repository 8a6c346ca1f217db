using System.Text.Json;

namespace Ringwire.Push.Apns;

/// <summary>Turns APNs' answer (status, <c>reason</c>, <c>timestamp</c>) into what the server must do (A2's table).</summary>
public static class ApnsAnswer
{
    public static PushOutcome ToOutcome(int status, string? reason, long? timestamp) => (status, reason) switch
    {
        (200, _) => PushOutcome.Delivered,
        // A2: 410 means the token is no longer active for the topic, since `timestamp` (ms); never retry these.
        (410, _) => new(PushResult.TokenDead, reason, status,
            timestamp is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null),
        (400, "BadDeviceToken" or "DeviceTokenNotForTopic") => new(PushResult.TokenDead, reason, status),
        // A2: TooManyRequests (same token too often) may be retried after a delay; so may 500 and 503.
        (429, "TooManyRequests") or (500, _) or (503, _) => new(PushResult.Retryable, reason, status),
        // A2: IdleTimeout refuses the request because the connection sat idle, not because of our key or topic:
        // a new connection takes it.
        (400, "IdleTimeout") => new(PushResult.Retryable, reason, status),
        // Everything else is a mistake on our side (key, team, topic, request shape); repeating it cannot help.
        _ => new(PushResult.ConfigurationError, reason ?? $"Status{status}", status),
    };

    /// <summary>Reads <c>{"reason": "…", "timestamp": ms}</c>; anything unreadable gives nulls.</summary>
    public static (string? Reason, long? Timestamp) ReadBody(ReadOnlySpan<byte> body)
    {
        string? reason = null;
        long? timestamp = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isReason = reader.ValueTextEquals("reason"u8);
                var isTimestamp = reader.ValueTextEquals("timestamp"u8);
                reader.Read();
                if (isReason && reader.TokenType == JsonTokenType.String)
                {
                    reason = reader.GetString();
                }
                else if (isTimestamp && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms))
                {
                    timestamp = ms;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // A proxy's HTML error page, say: keep whatever was read.
        }

        return (reason, timestamp);
    }
}
