using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Ringwire.Server.Json;

namespace Ringwire.Server.OpenApi;

/// <summary>
/// A call's <c>metadata</c> and a trace event's <c>detail</c> are free JSON objects, held as <see cref="RawJson"/> or
/// <see cref="JsonElement"/>, whose schema the generator cannot see (a converter of their own, or any JSON at all).
/// </summary>
internal sealed class JsonObjectSchemaTransformer : IOpenApiSchemaTransformer
{
    public static bool IsJsonObject(Type type) => type == typeof(RawJson) || type == typeof(JsonElement) || type == typeof(JsonElement?);

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (IsJsonObject(context.JsonTypeInfo.Type))
        {
            schema.Type = context.JsonTypeInfo.Type == typeof(JsonElement?) ? JsonSchemaType.Object | JsonSchemaType.Null : JsonSchemaType.Object;
        }

        return Task.CompletedTask;
    }
}
