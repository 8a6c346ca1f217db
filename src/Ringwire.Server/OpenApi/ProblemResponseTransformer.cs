using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Ringwire.Server.Http;

namespace Ringwire.Server.OpenApi;

/// <summary>Says in each problem+json answer which of the contract's <c>code</c>s it carries (contract §3).</summary>
internal sealed class ProblemResponseTransformer : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, string> Codes = new(StringComparer.Ordinal)
    {
        ["400"] = "code `invalid_request`, with `errors` (field → messages)",
        ["401"] = "code `unauthorized` (the credential is missing, forged or expired)",
        ["403"] = "code `forbidden` (the wrong kind of credential, or acting outside one's role or devices)",
        ["404"] = "code `not_found` (also for a call the asker is not a party to)",
        ["409"] = "code `call_ended` (the call is over) or `answered_elsewhere` (another device answered first)",
        ["413"] = "code `payload_too_large` (request bodies are at most 64 KiB)",
        ["429"] = "code `rate_limited` (retry after Retry-After seconds)",
        ["503"] = "code `lab_unavailable` (lab mode: the virtual iPhones cannot reach the server)",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is OpenApiResponse problem && problem.Content?.ContainsKey(Problems.ContentType) == true && Codes.TryGetValue(status, out var codes))
            {
                // An endpoint's own words (EndpointDocumentation.ProducesProblems with a description) replace the general ones.
                var code = int.Parse(status, System.Globalization.CultureInfo.InvariantCulture);
                var own = context.Description.ActionDescriptor.EndpointMetadata.OfType<IProducesResponseTypeMetadata>()
                    .LastOrDefault(m => m.StatusCode == code && m.Description is not null)?.Description;
                problem.Description = $"{ReasonPhrases.GetReasonPhrase(code)}: {own ?? codes}.";
                if (status == "429")
                {
                    problem.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    problem.Headers["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before placing another call.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                    };
                }
            }
        }

        return Task.CompletedTask;
    }
}
