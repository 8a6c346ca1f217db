using Ringwire.Server.Auth;

namespace Ringwire.Server.Http;

/// <summary>
/// Authenticates a request and enforces its endpoint's <see cref="CredentialPolicy"/>. Also the endpoint's metadata
/// (<see cref="CredentialEndpointConventions.RequireCredential"/>), from which the OpenAPI document states its security.
/// </summary>
internal sealed class CredentialFilter(CredentialPolicy policy) : IEndpointFilter
{
    public CredentialPolicy Policy => policy;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var credential = await http.RequestServices.GetRequiredService<CredentialReader>().ReadAsync(http.Request);
        if (credential is null)
        {
            return Problems.Unauthorized();
        }

        if (policy == CredentialPolicy.User && credential.IsBackend)
        {
            return Problems.Forbidden("This endpoint takes a user token, not an API key.");
        }

        if (policy == CredentialPolicy.Backend && !credential.IsBackend)
        {
            return Problems.Forbidden("This endpoint takes an API key, not a user token.");
        }

        http.Features.Set(credential);
        return await next(context);
    }
}
