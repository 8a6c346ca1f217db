using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;
using Ringwire.Server.Http;
using Ringwire.Server.Json;

namespace Ringwire.Server.OpenApi;

/// <summary>What an endpoint says about itself in the OpenAPI document, beyond what its handler's signature shows.</summary>
internal static class EndpointDocumentation
{
    /// <summary>The endpoint may answer these statuses with <c>application/problem+json</c> (contract §3).</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDocument), [Problems.ContentType]));
        }

        return builder;
    }

    /// <summary>
    /// The endpoint may answer <paramref name="status"/> with <c>application/problem+json</c> for the reasons
    /// <paramref name="description"/> gives (its code, and when, as one phrase): for an endpoint where the general words
    /// for that status (<see cref="ProblemResponseTransformer"/>) would mislead.
    /// </summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, int status, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDocument), [Problems.ContentType]) { Description = description });

    /// <summary>
    /// The JSON request body the handler reads itself (<c>JsonBody</c>). Not <c>Accepts&lt;T&gt;()</c>: that metadata
    /// also makes routing refuse other content types with a bare 415, where the contract wants problem+json 400.
    /// </summary>
    public static RouteHandlerBuilder WithJsonBody<T>(this RouteHandlerBuilder builder, bool optional = false) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            // A component of its own, named after the type, as the generator does for the bodies it sees itself.
            var document = context.Document ?? throw new InvalidOperationException("No document to add the request schema to.");
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[typeof(T).Name] = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = !optional,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchemaReference(typeof(T).Name, document) },
                },
            };
        });

    /// <summary>
    /// A query or header parameter the handler reads itself (so the generator cannot see it); <paramref name="names"/>:
    /// the only values it takes, if it is one of a few names.
    /// </summary>
    public static RouteHandlerBuilder WithParameter(this RouteHandlerBuilder builder, ParameterLocation location, string name, string description,
        JsonSchemaType type = JsonSchemaType.String, IReadOnlyList<string>? names = null) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = location,
                Description = description,
                Schema = new OpenApiSchema { Type = type, Enum = names is null ? null : [.. names.Select(n => (JsonNode)JsonValue.Create(n))] },
            });
            return Task.CompletedTask;
        });
}
