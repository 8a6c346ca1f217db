using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Ringwire.Core;
using Ringwire.Server.Channel;
using Ringwire.Server.Http;

namespace Ringwire.Server.OpenApi;

/// <summary>
/// What the document as a whole says: its title, the two credentials of contract §2, and the device channel, whose
/// route takes every method (a WebSocket over HTTP/2 is a CONNECT) and so is invisible to the generator.
/// </summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string ApiKey = "apiKey";
    public const string UserToken = "userToken";
    private const string ChannelTag = "Device channel";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Ringwire",
            Version = "v1",
            Description = "Rings the devices of a user for a VoIP call and tells every device how the call ends. "
                + "Errors are application/problem+json with a stable code; REST timestamps are RFC 3339 UTC.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "An app backend's key (Ringwire:ApiKeys).",
        };
        document.Components.SecuritySchemes[UserToken] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A user token minted by POST /v1/tokens; its sub is the user id.",
        };
        EnumComponentsWithoutNull(document.Components);
        document.Paths ??= [];
        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag { Name = ChannelTag, Description = "The WebSocket each device keeps open (contract §6)." });
        Describe(document.Tags, "Operator", "The operator's read-only views of every user, which the dashboard shows (API key only).");
        Describe(document.Tags, "Lab", "Lab mode's virtual iPhones (no Apple key configured): switch phones on and off and tap on them "
            + "as their users would. With an Apple key every endpoint but GET /v1/lab answers 404 `not_found`.");
        document.Paths["/v1/connect"] = Connect(document);
        return Task.CompletedTask;
    }

    /// <summary>Describes a tag its endpoints declare (<c>WithTags</c>), if any endpoint declares it.</summary>
    private static void Describe(ISet<OpenApiTag> tags, string name, string description)
    {
        if (tags.FirstOrDefault(t => t.Name == name) is { } tag)
        {
            tag.Description = description;
        }
    }

    /// <summary>
    /// An enum made a component from a nullable member (a call's <c>endReason</c>) lists null among its names; the
    /// member already says it may be null where it refers to the component, and the names are the contract's.
    /// </summary>
    private static void EnumComponentsWithoutNull(OpenApiComponents components)
    {
        foreach (var schema in components.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            if (schema.Enum is { } names && names.Any(n => n is null || n.GetValueKind() == JsonValueKind.Null))
            {
                schema.Enum = [.. names.Where(n => n is not null && n.GetValueKind() != JsonValueKind.Null)];
            }
        }
    }

    private static OpenApiPathItem Connect(OpenApiDocument document) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                OperationId = "Connect",
                Summary = "Open the device channel (WebSocket)",
                Description = "Upgrades to a WebSocket of JSON text frames: a hello, every call ringing for the user, then every "
                    + "change of the user's calls; the device sends claim, answer, decline, end, reported and ping. "
                    + "See docs/protocol.md, Device channel.",
                Tags = new HashSet<OpenApiTagReference> { new("Device channel", document) },
                Parameters =
                [
                    Query("deviceId", Identifier.Requirement + " A device registered for the token's user.", required: true),
                    Query("claim", "Optional: " + ConnectClaims.Requirement + " Each is answered as a claim message right after the hello."),
                    Query("access_token", "The user token, for clients that cannot set the Authorization header."),
                ],
                Responses = new OpenApiResponses
                {
                    ["101"] = new OpenApiResponse { Description = "Switching Protocols: the device channel is open." },
                    ["400"] = Problem(document, "Bad Request: not a WebSocket upgrade, or a malformed deviceId or claim."),
                    ["401"] = Problem(document, "Unauthorized"),
                    ["403"] = Problem(document, "Forbidden: an API key, or a device not registered for this user."),
                },
                Security = [CredentialSecurityTransformer.Requirement(UserToken, document)],
            },
        },
    };

    private static OpenApiParameter Query(string name, string description, bool required = false) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static OpenApiResponse Problem(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [Problems.ContentType] = new() { Schema = new OpenApiSchemaReference("Problem", document) },
        },
    };
}
