namespace Ringwire.Server.Auth;

/// <summary>Reads <c>X-Api-Key</c> or a bearer user token (or, on the WebSocket, <c>?access_token=</c>).</summary>
public sealed class CredentialReader(ApiKeys apiKeys, UserTokens userTokens)
{
    /// <summary>The request's credential, or null when it has none or an invalid one.</summary>
    public async ValueTask<Credential?> ReadAsync(HttpRequest request, bool allowQueryToken = false)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var apiKey))
        {
            return apiKey.Count == 1 && apiKeys.Accepts(apiKey[0]!) ? Credential.Backend : null;
        }

        var token = BearerToken(request);
        if (token is null && allowQueryToken && request.Query.TryGetValue("access_token", out var query) && query.Count == 1)
        {
            token = query[0];
        }

        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var userId = await userTokens.ValidateAsync(token);
        return userId is null ? null : new Credential(userId);
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization;
        if (header.Count != 1)
        {
            return null;
        }

        var value = header[0]!;
        return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value[7..].Trim() : null;
    }
}
