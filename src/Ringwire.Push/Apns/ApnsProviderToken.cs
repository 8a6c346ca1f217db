using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ringwire.Push.Apns;

/// <summary>
/// The provider token (ES256 JWT) sent as <c>authorization: bearer …</c>. One token is reused for its lifetime:
/// A3 rejects a token older than an hour, and a new token more often than every 20 minutes on one connection
/// (429 TooManyProviderTokenUpdates), so minting per push would break the connection.
/// </summary>
public sealed class ApnsProviderToken
{
    public static readonly TimeSpan ShortestLifetime = TimeSpan.FromMinutes(20);
    public static readonly TimeSpan LongestLifetime = TimeSpan.FromMinutes(50);

    private readonly Lock _lock = new();
    private readonly string _keyId;
    private readonly string _teamId;
    private readonly ECDsa _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private string? _value;
    private DateTimeOffset _issuedAt;

    public ApnsProviderToken(string keyId, string teamId, ECDsa key, TimeProvider time, TimeSpan lifetime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, ShortestLifetime);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lifetime, LongestLifetime);
        (_keyId, _teamId, _key, _time, _lifetime) = (keyId, teamId, key, time, lifetime);
    }

    /// <summary>The token to send now: the cached one, or a new one when it has lived its lifetime.</summary>
    public string Current
    {
        get
        {
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                if (_value is null || now - _issuedAt >= _lifetime)
                {
                    Mint(now);
                }

                return _value!;
            }
        }
    }

    /// <summary>
    /// A new token after APNs called <paramref name="rejected"/> expired (403 ExpiredProviderToken). When another push
    /// already replaced it, that replacement is returned, so a burst of rejections mints one token, not many.
    /// </summary>
    public string Renew(string rejected)
    {
        lock (_lock)
        {
            if (_value is null || _value == rejected)
            {
                Mint(_time.GetUtcNow());
            }

            return _value!;
        }
    }

    private void Mint(DateTimeOffset now)
    {
        // A3: header {alg: ES256, kid}, claims {iss: team id, iat: epoch seconds}, each part Base64URL.
        var header = Part(w =>
        {
            w.WriteString("alg", "ES256");
            w.WriteString("kid", _keyId);
        });
        var claims = Part(w =>
        {
            w.WriteString("iss", _teamId);
            w.WriteNumber("iat", now.ToUnixTimeSeconds());
        });
        var signingInput = header + "." + claims;
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        _value = signingInput + "." + Base64Url.EncodeToString(signature);
        _issuedAt = now;
    }

    private static string Part(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }
}
