using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Ringwire.Lab.Apns;

/// <summary>The facts of a provider token (JWT) whose signature held: which key signed it, for which team, issued when.</summary>
internal sealed record ProviderToken(string KeyId, string TeamId, DateTimeOffset IssuedAt)
{
    /// <summary>
    /// Null unless <paramref name="jwt"/> is an ES256 JWT signed by a known key, with iss = that key's team and an iat (A3).
    /// </summary>
    public static ProviderToken? Verify(string jwt, ApnsDirectory directory)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3
            || Decode(parts[0]) is not { } header
            || Decode(parts[1]) is not { } claims
            || Decode(parts[2]) is not { } signature
            || ReadHeader(header) is not { } keyId
            || directory.FindKey(keyId) is not { } key
            || ReadClaims(claims) is not { } issued
            || issued.TeamId != key.TeamId)
        {
            return null;
        }

        // The signature covers the two segments exactly as sent, whatever their Base64 flavour.
        var signedPart = Encoding.ASCII.GetBytes(jwt, 0, parts[0].Length + 1 + parts[1].Length);
        return key.Verifies(signedPart, signature) ? new ProviderToken(keyId, issued.TeamId, issued.IssuedAt) : null;
    }

    private static byte[]? Decode(string segment)
    {
        if (Base64Url.IsValid(segment))
        {
            return Base64Url.DecodeFromChars(segment);
        }

        // dotAPNS sends padded standard Base64 and works against Apple (reference §5.4), so APNs evidently accepts it.
        var bytes = new byte[segment.Length];
        return Convert.TryFromBase64String(segment, bytes, out var written) ? bytes[..written] : null;
    }

    /// <summary>The kid, when the header is a JSON object with alg ES256 ("APNs supports only the ES256 algorithm", A3).</summary>
    private static string? ReadHeader(byte[] header)
    {
        using var json = Parse(header);
        if (json is null
            || !json.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "ES256"
            || !json.RootElement.TryGetProperty("kid", out var kid) || kid.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return kid.GetString();
    }

    private static (string TeamId, DateTimeOffset IssuedAt)? ReadClaims(byte[] claims)
    {
        using var json = Parse(claims);
        if (json is null
            || !json.RootElement.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String
            || !json.RootElement.TryGetProperty("iat", out var iat) || iat.ValueKind != JsonValueKind.Number
            || !iat.TryGetInt64(out var seconds)
            || seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        return (iss.GetString()!, DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    private static JsonDocument? Parse(byte[] utf8)
    {
        try
        {
            var json = JsonDocument.Parse(utf8);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                return json;
            }

            json.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
