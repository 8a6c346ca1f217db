using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ringwire.Server.OpenApi;

/// <summary>
/// Schemas as Ringwire writes its JSON. The web defaults also <em>read</em> numbers from strings, which the generator
/// shows as "integer or string with a pattern"; Ringwire writes numbers and the contract speaks of numbers.
/// </summary>
internal sealed class WrittenFormSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String)
            && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        return Task.CompletedTask;
    }
}
