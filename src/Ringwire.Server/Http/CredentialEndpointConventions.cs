using Ringwire.Server.OpenApi;

namespace Ringwire.Server.Http;

internal static class CredentialEndpointConventions
{
    /// <summary>
    /// Authenticates every request to these endpoints as <paramref name="policy"/> says, and records the policy in the
    /// endpoints' metadata so that the OpenAPI document names the credential each takes, with the refusals it causes:
    /// 401 without a valid one, 403 for the wrong kind.
    /// </summary>
    public static TBuilder RequireCredential<TBuilder>(this TBuilder builder, CredentialPolicy policy)
        where TBuilder : IEndpointConventionBuilder
    {
        var filter = new CredentialFilter(policy);
        builder.AddEndpointFilter(filter).WithMetadata(filter).ProducesProblems(StatusCodes.Status401Unauthorized);
        return policy == CredentialPolicy.UserOrBackend ? builder : builder.ProducesProblems(StatusCodes.Status403Forbidden);
    }
}
