using Ringwire.Core;
using Ringwire.Server.Auth;
using Ringwire.Server.Http;
using Ringwire.Server.Json;
using Ringwire.Server.OpenApi;

namespace Ringwire.Server.Endpoints;

internal static class TokenEndpoints
{
    public const int MinTtlSeconds = 60;
    public const int MaxTtlSeconds = 2_592_000;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/tokens", MintAsync).RequireCredential(CredentialPolicy.Backend).WithTags("Tokens")
            .WithName("MintToken").WithSummary("Mint a user token (API key only)")
            .WithJsonBody<TokenRequest>()
            .Produces<TokenResponse>().ProducesProblems(400, 413);

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
