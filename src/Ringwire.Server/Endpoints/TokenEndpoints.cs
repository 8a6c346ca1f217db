using Ringwire.Core;
using Ringwire.Server.Auth;
using Ringwire.Server.Http;
using Ringwire.Server.Json;

namespace Ringwire.Server.Endpoints;

internal static class TokenEndpoints
{
    public const int MinTtlSeconds = 60;
    public const int MaxTtlSeconds = 2_592_000;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/tokens", MintAsync).AddEndpointFilter(new CredentialFilter(CredentialPolicy.Backend));

    private static async Task<IResult> MintAsync(HttpContext context, UserTokens tokens)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, RestJson.Default.TokenRequest);
        if (error is not null)
        {
            return error;
        }

        var errors = new ValidationErrors();
        errors.RequireIdentifier("userId", body!.UserId);
        var ttl = body.TtlSeconds ?? 3600;
        if (ttl is < MinTtlSeconds or > MaxTtlSeconds)
        {
            errors.Add("ttlSeconds", $"Must be between {MinTtlSeconds} and {MaxTtlSeconds}.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var (token, expiresAt) = tokens.Mint(body.UserId!, TimeSpan.FromSeconds(ttl));
        return Results.Json(new TokenResponse(token, expiresAt), RestJson.Default.TokenResponse);
    }
}
