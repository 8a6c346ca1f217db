using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Ringwire.Server.Http;

namespace Ringwire.Server.OpenApi;

/// <summary>
/// States on each operation which credential it takes (contract §2), from the <see cref="CredentialFilter"/> its
/// endpoint carries: an API key, a user token, or either (two alternative requirements).
/// </summary>
internal sealed class CredentialSecurityTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<CredentialFilter>().LastOrDefault() is { } filter)
        {
            operation.Security = [.. Schemes(filter.Policy).Select(scheme => Requirement(scheme, context.Document))];
        }

        return Task.CompletedTask;
    }

    public static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument? document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static string[] Schemes(CredentialPolicy policy) => policy switch
    {
        CredentialPolicy.User => [ApiDocumentTransformer.UserToken],
        CredentialPolicy.Backend => [ApiDocumentTransformer.ApiKey],
        _ => [ApiDocumentTransformer.UserToken, ApiDocumentTransformer.ApiKey],
    };
}
