namespace Ringwire.Lab.Apns;

/// <summary>Token-based authentication (A3): the bearer token, its signature, and the rules of the connection it came on.</summary>
internal sealed class ProviderTokenGate(ApnsDirectory directory)
{
    private const string Scheme = "bearer ";

    /// <summary>The team the request is authenticated for, or the answer that refuses it.</summary>
    public (string? TeamId, ApnsAnswer? Refusal) Authenticate(ProviderConnection connection, string? authorization, DateTimeOffset now)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || authorization.Length == Scheme.Length)
        {
            return (null, ApnsAnswer.Forbidden(ApnsReasons.MissingProviderToken));
        }

        var jwt = authorization[Scheme.Length..].Trim();

        // A connection reuses one token for many pushes: its signature needs checking once.
        var token = connection.Current(jwt) ?? ProviderToken.Verify(jwt, directory);
        if (token is null)
        {
            return (null, ApnsAnswer.Forbidden(ApnsReasons.InvalidProviderToken));
        }

        return connection.Admit(jwt, token, now) is { } refusal ? (null, refusal) : (token.TeamId, null);
    }
}
