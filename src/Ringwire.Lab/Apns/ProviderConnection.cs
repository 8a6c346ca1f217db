using Microsoft.AspNetCore.Connections.Features;

namespace Ringwire.Lab.Apns;

/// <summary>What APNs remembers about one HTTP/2 connection: the team, key and provider token it was bound to (A3).</summary>
internal sealed class ProviderConnection(IConnectionLifetimeNotificationFeature? lifetime)
{
    // A3: iat "must be no more than one hour from the current time".
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    // A3: "use a new token more than once every 20 minutes on the same connection" is an error.
    private static readonly TimeSpan TokenRefreshInterval = TimeSpan.FromMinutes(20);

    private readonly Lock _lock = new();
    private string? _teamId;
    private string? _keyId;
    private string? _currentJwt;
    private ProviderToken? _current;
    private DateTimeOffset _currentSince;

    /// <summary>Closes the connection gracefully: GOAWAY, after the streams in flight.</summary>
    public void RequestClose() => lifetime?.RequestClose();

    /// <summary>The facts of <paramref name="jwt"/> when it is this connection's current token, already verified.</summary>
    public ProviderToken? Current(string jwt)
    {
        lock (_lock)
        {
            return jwt == _currentJwt ? _current : null;
        }
    }

    /// <summary>Applies the per-connection rules to a token whose signature held; null when the token may be used.</summary>
    public ApnsAnswer? Admit(string jwt, ProviderToken token, DateTimeOffset now)
    {
        lock (_lock)
        {
            // A3: "You can't map a connection to APNs to multiple teams."
            if (_teamId is not null && token.TeamId != _teamId)
            {
                return ApnsAnswer.Forbidden(ApnsReasons.InvalidProviderToken);
            }

            // A2 UnrelatedKeyIdInToken: "To use this token, open a new connection."
            if (_keyId is not null && token.KeyId != _keyId)
            {
                return ApnsAnswer.Forbidden(ApnsReasons.UnrelatedKeyIdInToken);
            }

            if (now - token.IssuedAt > TokenLifetime)
            {
                return ApnsAnswer.Forbidden(ApnsReasons.ExpiredProviderToken);
            }

            if (token.IssuedAt - now > TokenLifetime)
            {
                return ApnsAnswer.Forbidden(ApnsReasons.InvalidProviderToken);
            }

            if (jwt != _currentJwt)
            {
                if (_currentJwt is not null && now - _currentSince < TokenRefreshInterval)
                {
                    return new ApnsAnswer(429, ApnsReasons.TooManyProviderTokenUpdates);
                }

                _currentJwt = jwt;
                _current = token;
                _currentSince = now;
            }

            _teamId = token.TeamId;
            _keyId = token.KeyId;
            return null;
        }
    }
}
