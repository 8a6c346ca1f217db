using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Ringwire.Core;

namespace Ringwire.Server.Auth;

/// <summary>Mints and checks user tokens: HS256 JWTs whose <c>sub</c> is the user id (contract §2).</summary>
public sealed class UserTokens
{
    private const string Issuer = "ringwire";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _signing;
    private readonly TokenValidationParameters _validation;
    private readonly TimeProvider _time;

    public UserTokens(SigningKey key, TimeProvider time)
    {
        _time = time;
        var securityKey = new SymmetricSecurityKey(key.Bytes);
        _signing = new SigningCredentials(securityKey, SecurityAlgorithms.HmacSha256);
        _validation = new TokenValidationParameters
        {
            IssuerSigningKey = securityKey,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidIssuer = Issuer,
            ValidateAudience = false,
            // Lifetime is checked against the injected clock below, not the machine's.
            ValidateLifetime = false,
        };
    }

    public (string Token, DateTimeOffset ExpiresAt) Mint(string userId, TimeSpan ttl)
    {
        var now = _time.GetUtcNow();
        var expires = now + ttl;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Claims = new Dictionary<string, object> { ["sub"] = userId },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = _signing,
        });
        return (token, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>The token's user id, or null when the token is malformed, forged or expired.</summary>
    public async ValueTask<string?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _validation);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return null;
        }

        if (!jwt.TryGetPayloadValue<long>("exp", out var exp) || _time.GetUtcNow().ToUnixTimeSeconds() >= exp)
        {
            return null;
        }

        return jwt.TryGetPayloadValue<string>("sub", out var sub) && Identifier.IsValid(sub) ? sub : null;
    }

    public static SigningKey KeyFrom(string? configured) => configured is null
        ? new SigningKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), Generated: true)
        : new SigningKey(Encoding.UTF8.GetBytes(configured), Generated: false);
}
