using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;

namespace Ringwire.Server.OpenApi;

/// <summary>
/// The OpenAPI document of Ringwire's HTTP API, served at <see cref="Path"/>: registered by <c>AddRingwire()</c>,
/// mapped by <c>MapRingwire()</c>. Endpoints describe themselves (names, summaries, bodies, answers) where they are
/// mapped; this class decides which endpoints belong and adds what no single endpoint knows.
/// </summary>
internal static class RingwireOpenApi
{
    /// <summary><c>v1</c>: a fixed path needs the default document name. A host's own document takes another name.</summary>
    public const string DocumentName = "v1";

    public const string Path = "/openapi/v1.json";

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = Includes;
        // "Call" rather than "CallView": the names the contract uses for the objects.
        options.CreateSchemaReferenceId = type => JsonObjectSchemaTransformer.IsJsonObject(type.Type) ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type) switch
        {
            "ProblemDocument" => "Problem",
            { } name when name.EndsWith("View", StringComparison.Ordinal) => name[..^4],
            var name => name,
        };
        options.AddDocumentTransformer<ApiDocumentTransformer>();
        options.AddOperationTransformer<CredentialSecurityTransformer>();
        options.AddOperationTransformer<ProblemResponseTransformer>();
        options.AddSchemaTransformer<JsonObjectSchemaTransformer>();
        options.AddSchemaTransformer<WrittenFormSchemaTransformer>();
        options.AddSchemaTransformer<RequestSchemaTransformer>();
    }

    /// <summary>
    /// Ringwire's own API: endpoints whose handler is Ringwire's, under <c>/v1</c> or the health checks. A host's own
    /// endpoints (embedding) and the dashboard's pages stay out.
    /// </summary>
    private static bool Includes(ApiDescription description)
    {
        var path = description.RelativePath ?? "";
        var api = path.StartsWith("v1/", StringComparison.Ordinal) || path is "healthz" or "readyz";
        return api && description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>()
            .Any(handler => handler.DeclaringType?.Assembly == typeof(RingwireOpenApi).Assembly);
    }
}
