using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Ringwire.Server.Json;
using Ringwire.Server.VirtualPhones;

namespace Ringwire.Server.OpenApi;

/// <summary>
/// Request bodies are records whose every member may be left out (the endpoint then says what is missing, all at once),
/// which the generator would mark required. Here each says what the contract requires.
/// </summary>
internal sealed class RequestSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(TokenRequest)] = ["userId"],
        [typeof(DeviceRequest)] = ["platform"],
        [typeof(CallCreateRequest)] = ["to"],
        // deviceId: required to answer or decline, optional to end.
        [typeof(DeviceActionRequest)] = [],
        [typeof(DndRequest)] = ["until"],
        [typeof(PhoneRequest)] = ["userId"],
        [typeof(PhoneCallRequest)] = ["to"],
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is null && Required.TryGetValue(context.JsonTypeInfo.Type, out var required))
        {
            schema.Required = new HashSet<string>(required, StringComparer.Ordinal);
        }

        return Task.CompletedTask;
    }
}
