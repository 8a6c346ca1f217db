using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ringwire.Core;
using Ringwire.Server.Json;
using Ringwire.Server.Tests.Infrastructure;
using Ringwire.Server.VirtualPhones;

namespace Ringwire.Server.Tests;

/// <summary>
/// The OpenAPI document at /openapi/v1.json, fetched from a real server, against the contract (contract-v1.md and
/// docs/protocol.md). A new endpoint is one more line in <see cref="Operations"/>.
/// </summary>
public sealed class OpenApiTests
{
    private const string UserToken = "userToken";
    private const string ApiKey = "apiKey";
    private const string None = "";
    private const string Either = UserToken + "|" + ApiKey;

    /// <summary>
    /// Every operation of the API: method, path, the credential it takes (the security scheme names; alternatives
    /// joined by |), the request body's schema (null: none), and its answers: "201 Call" is a JSON body of schema Call,
    /// "204" no body, a 4xx without a schema a problem+json.
    /// </summary>
    public static readonly IReadOnlyList<Operation> Operations =
    [
        new("POST", "/v1/tokens", ApiKey, "TokenRequest", "200 TokenResponse, 400, 401, 403, 413"),
        new("PUT", "/v1/devices/{deviceId}", UserToken, "DeviceRequest", "200 Device, 400, 401, 403, 413"),
        new("GET", "/v1/devices", UserToken, null, "200 DeviceList, 401, 403"),
        new("DELETE", "/v1/devices/{deviceId}", UserToken, null, "204, 401, 403, 404"),
        new("POST", "/v1/calls", Either, "CallCreateRequest", "201 Call, 200 Call, 400, 401, 403, 413, 429"),
        new("GET", "/v1/calls", UserToken, null, "200 CallList, 400, 401, 403"),
        new("GET", "/v1/calls/{callId}", Either, null, "200 Call, 401, 404"),
        new("POST", "/v1/calls/{callId}/answer", UserToken, "DeviceActionRequest", "200 Call, 400, 401, 403, 404, 409, 413"),
        new("POST", "/v1/calls/{callId}/decline", UserToken, "DeviceActionRequest", "200 Call, 400, 401, 403, 404, 409, 413"),
        new("POST", "/v1/calls/{callId}/end", Either, "DeviceActionRequest", "200 Call, 400, 401, 403, 404, 413"),
        new("GET", "/v1/calls/{callId}/events", Either, null, "200 TraceList, 401, 404"),
        new("PUT", "/v1/me/dnd", UserToken, "DndRequest", "200 Dnd, 400, 401, 403, 413"),
        new("GET", "/v1/me/dnd", UserToken, null, "200 Dnd, 401, 403"),
        new("GET", "/v1/me/blocks", UserToken, null, "200 BlockList, 401, 403"),
        new("PUT", "/v1/me/blocks/{userId}", UserToken, null, "204, 400, 401, 403"),
        new("DELETE", "/v1/me/blocks/{userId}", UserToken, null, "204, 401, 403, 404"),
        new("GET", "/v1/admin/calls", ApiKey, null, "200 CallList, 400, 401, 403"),
        new("GET", "/v1/admin/devices", ApiKey, null, "200 DeviceStatusList, 400, 401, 403"),
        new("GET", "/v1/admin/push-outcomes", ApiKey, null, "200 PushOutcomes, 401, 403"),
        new("GET", "/v1/lab", ApiKey, null, "200 Lab, 401, 403"),
        new("POST", "/v1/lab/phones", ApiKey, "PhoneRequest", "201 VirtualPhone, 400, 401, 403, 404, 413, 503"),
        new("GET", "/v1/lab/phones", ApiKey, null, "200 VirtualPhoneList, 401, 403, 404"),
        new("GET", "/v1/lab/phones/{phoneId}", ApiKey, null, "200 VirtualPhone, 401, 403, 404"),
        new("DELETE", "/v1/lab/phones/{phoneId}", ApiKey, null, "204, 401, 403, 404"),
        new("POST", "/v1/lab/phones/{phoneId}/calls", ApiKey, "PhoneCallRequest", "202 PhoneCallPlaced, 400, 401, 403, 404, 413, 503"),
        new("POST", "/v1/lab/phones/{phoneId}/calls/{callId}/answer", ApiKey, null, "202 PhoneTapTaken, 401, 403, 404, 409"),
        new("POST", "/v1/lab/phones/{phoneId}/calls/{callId}/decline", ApiKey, null, "202 PhoneTapTaken, 401, 403, 404, 409"),
        new("POST", "/v1/lab/phones/{phoneId}/calls/{callId}/end", ApiKey, null, "202 PhoneTapTaken, 401, 403, 404, 409"),
        new("POST", "/v1/lab/phones/{phoneId}/terminate", ApiKey, null, "202 PhoneTapTaken, 401, 403, 404"),
        new("GET", "/v1/connect", UserToken, null, "101, 400, 401, 403"),
        new("GET", "/healthz", None, null, "200 Health"),
        new("GET", "/readyz", None, null, "200 Health, 503 Health"),
    ];

    [Fact]
    public async Task Document_HasEveryOperationOfTheContract_WithItsCredentialBodyAndAnswers()
    {
        await using var host = await RingwireHost.StartAsync();
        var document = await DocumentAsync(host);
        List<string> wrong = [];

        foreach (var expected in Operations)
        {
            var operation = document["paths"]?[expected.Path]?[expected.Method.ToLowerInvariant()];
            if (operation is null)
            {
                wrong.Add($"{expected.Method} {expected.Path} is missing");
                continue;
            }

            wrong.AddRange(Mismatches(expected, operation).Select(m => $"{expected.Method} {expected.Path}: {m}"));
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Document_HasNoOperationMissingFromTheTable_AndNoDashboard()
    {
        await using var host = await RingwireHost.StartAsync();
        var document = await DocumentAsync(host);

        var documented = document.Obj("paths")
            .SelectMany(path => path.Value!.AsObject().Select(method => $"{method.Key.ToUpperInvariant()} {path.Key}"))
            .ToHashSet();
        var listed = Operations.Select(o => $"{o.Method} {o.Path}").ToHashSet();

        Assert.True(documented.SetEquals(listed),
            $"Documented but not in OpenApiTests.Operations: {string.Join(", ", documented.Except(listed))}; listed but not documented: {string.Join(", ", listed.Except(documented))}");
        Assert.DoesNotContain(documented, o => o.Contains("/dashboard", StringComparison.Ordinal) || o.Contains("/openapi", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Document_CallSchema_HasEveryMemberOfTheContractsCallObject()
    {
        await using var host = await RingwireHost.StartAsync();
        var schemas = (await DocumentAsync(host))["components"].Obj("schemas");

        string[] callMembers = ["callId", "from", "to", "callerName", "callerHandle", "handleType", "video", "state", "version",
            "endReason", "answeredBy", "createdAt", "ringUntil", "answeredAt", "endedAt", "legs", "metadata"];
        var call = schemas["Call"]!;
        Assert.All(callMembers, m => Assert.NotNull(call["properties"]?[m]));
        Assert.All(callMembers, m => Assert.Contains(m, call.Array("required").Select(r => r!.GetValue<string>())));
        Assert.Equal("uuid", call["properties"]!["callId"].Str("format"));
        Assert.Equal("integer", call["properties"]!["version"].Str("type"));
        Assert.Equal("date-time", call["properties"]!["createdAt"].Str("format"));
        Assert.Equal("#/components/schemas/Leg", call["properties"]!["legs"]!["items"].Str("$ref"));
        Assert.Equal("object", call["properties"]!["metadata"].Str("type"));

        string[] legMembers = ["deviceId", "platform", "push", "pushError", "claimedAt", "reportedAt"];
        Assert.All(legMembers, m => Assert.NotNull(schemas["Leg"]!["properties"]?[m]));

        Assert.Equal(["ringing", "answered", "cancelled", "declined", "missed", "unreachable", "ended"], Names(schemas["CallState"]));
        Assert.Equal(["caller_cancelled", "callee_declined", "busy", "ring_timeout", "dnd", "no_devices", "push_failed", "claim_timeout", "hangup"],
            Names(schemas["EndReason"]));
        Assert.Subset(Names(schemas["PushStatus"]).ToHashSet(), new HashSet<string> { "sent", "failed", "none", "skipped" });
        Assert.Equal(["generic", "phoneNumber", "emailAddress"], Names(schemas["HandleType"]));
    }

    [Fact]
    public async Task Document_ProblemsDeviceAndToken_HaveTheContractsMembers()
    {
        await using var host = await RingwireHost.StartAsync();
        var schemas = (await DocumentAsync(host))["components"].Obj("schemas");

        Assert.All(["type", "title", "status", "code", "detail", "errors"], m => Assert.NotNull(schemas["Problem"]!["properties"]?[m]));
        Assert.All(["deviceId", "platform", "voipToken", "alertToken", "apnsEnvironment", "bundleId", "name", "pushHealth"],
            m => Assert.NotNull(schemas["Device"]!["properties"]?[m]));
        Assert.All(["status", "unclaimedPushes24h"], m => Assert.NotNull(schemas["PushHealth"]!["properties"]?[m]));
        Assert.All(["token", "expiresAt"], m => Assert.NotNull(schemas["TokenResponse"]!["properties"]?[m]));
        // Request bodies require only what the contract requires.
        Assert.Equal(["to"], schemas["CallCreateRequest"].Array("required").Select(r => r!.GetValue<string>()));
        Assert.Equal(["platform"], schemas["DeviceRequest"].Array("required").Select(r => r!.GetValue<string>()));
        Assert.Equal(["userId"], schemas["TokenRequest"].Array("required").Select(r => r!.GetValue<string>()));
    }

    /// <summary>
    /// The operator's and the lab's bodies are written by their source-generated contexts (RestJson, LabJson), which
    /// the schema generator does not read: each schema must still name exactly the members written, nested ones too.
    /// </summary>
    [Fact]
    public async Task Document_AdminAndLabSchemas_NameExactlyTheMembersTheServerWrites()
    {
        await using var host = await RingwireHost.StartAsync();
        var schemas = (await DocumentAsync(host))["components"].Obj("schemas");
        var at = DateTimeOffset.UnixEpoch;
        var phone = new VirtualPhoneView("alice-iphone", "alice", "alice-iphone", "alice's iPhone", true, true, 0, false,
            [new VirtualCallView(Guid.NewGuid(), "incoming", VirtualCallView.Ringing, "bob", null)], [new PhoneEventView(at, "AppInstalled", "installed")]);
        var written = new (string Schema, JsonNode? Json)[]
        {
            ("Lab", JsonSerializer.SerializeToNode(new LabView(true, "dev.ringwire.app", 1), LabJson.Default.LabView)),
            ("VirtualPhoneList", JsonSerializer.SerializeToNode(new VirtualPhoneList([phone]), LabJson.Default.VirtualPhoneList)),
            ("PhoneRequest", JsonSerializer.SerializeToNode(new PhoneRequest("alice", "n", false, 0), LabJson.Default.PhoneRequest)),
            ("PhoneCallRequest", JsonSerializer.SerializeToNode(new PhoneCallRequest("bob", false), LabJson.Default.PhoneCallRequest)),
            ("PhoneCallPlaced", JsonSerializer.SerializeToNode(new PhoneCallPlaced(Guid.NewGuid()), LabJson.Default.PhoneCallPlaced)),
            ("PhoneTapTaken", JsonSerializer.SerializeToNode(new PhoneTapTaken(), LabJson.Default.PhoneTapTaken)),
            ("DeviceStatusList", JsonSerializer.SerializeToNode(new DeviceStatusList(
                [new DeviceStatusView("alice", "a-phone", Platform.Ios, null, new PushHealthView("ok", 0), false, null)]), RestJson.Default.DeviceStatusList)),
            ("PushOutcomes", JsonSerializer.SerializeToNode(new PushOutcomesView("node", at, at, ["delivered"], new Dictionary<string, long> { ["delivered"] = 1 },
                [new PushOutcomeMinuteView(at, new Dictionary<string, long> { ["delivered"] = 1 })]), RestJson.Default.PushOutcomesView)),
        };
        List<string> wrong = [];

        foreach (var (schema, json) in written)
        {
            wrong.AddRange(MemberMismatches(schemas, schema, json!.AsObject()));
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Contains("phoneId", schemas["VirtualPhone"].Obj("properties").Select(p => p.Key));
        Assert.Equal("#/components/schemas/VirtualCall", schemas["VirtualPhone"]!["properties"]!["calls"]!["items"].Str("$ref"));
        Assert.Equal("#/components/schemas/PhoneEvent", schemas["VirtualPhone"]!["properties"]!["timeline"]!["items"].Str("$ref"));
        Assert.Equal("date-time", schemas["PhoneEvent"]!["properties"]!["at"].Str("format"));
        // Request bodies require only what protocol.md requires.
        Assert.Equal(["userId"], schemas["PhoneRequest"].Array("required").Select(r => r!.GetValue<string>()));
        Assert.Equal(["to"], schemas["PhoneCallRequest"].Array("required").Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Document_SecuritySchemes_AreTheApiKeyHeaderAndTheBearerUserToken()
    {
        await using var host = await RingwireHost.StartAsync();
        var schemes = (await DocumentAsync(host))["components"].Obj("securitySchemes");

        Assert.Equal(("apiKey", "header", "X-Api-Key"), (schemes[ApiKey].Str("type"), schemes[ApiKey].Str("in"), schemes[ApiKey].Str("name")));
        Assert.Equal(("http", "bearer"), (schemes[UserToken].Str("type"), schemes[UserToken].Str("scheme")));
    }

    private static async Task<JsonNode> DocumentAsync(RingwireHost host)
    {
        var response = await host.SendAsync(HttpMethod.Get, "/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var document = response.Body;
        Assert.StartsWith("3.", document.Str("openapi"), StringComparison.Ordinal);
        return document;
    }

    private static IEnumerable<string> Mismatches(Operation expected, JsonNode operation)
    {
        if (string.IsNullOrWhiteSpace(operation.Str("summary")) || string.IsNullOrWhiteSpace(operation.Str("operationId")))
        {
            yield return "has no summary or operationId";
        }

        var security = operation["security"] is JsonArray requirements
            ? string.Join("|", requirements.SelectMany(r => r!.AsObject().Select(s => s.Key)))
            : None;
        if (security != expected.Credential)
        {
            yield return $"security is '{security}', expected '{expected.Credential}'";
        }

        var request = operation["requestBody"]?["content"]?["application/json"]?["schema"].Str("$ref");
        if (request != (expected.Request is null ? null : $"#/components/schemas/{expected.Request}"))
        {
            yield return $"request body is '{request}', expected '{expected.Request}'";
        }

        var responses = operation["responses"]?.AsObject() ?? [];
        foreach (var answer in expected.Responses.Split(", "))
        {
            var parts = answer.Split(' ');
            var (status, schema) = (parts[0], parts.Length > 1 ? parts[1] : null);
            if (!responses.TryGetPropertyValue(status, out var response) || response is null)
            {
                yield return $"answer {status} is missing";
                continue;
            }

            var (contentType, reference) = schema is not null
                ? ("application/json", $"#/components/schemas/{schema}")
                : int.Parse(status, System.Globalization.CultureInfo.InvariantCulture) >= 400
                    ? ("application/problem+json", "#/components/schemas/Problem")
                    : (null, null);
            var actual = contentType is null ? null : response["content"]?[contentType]?["schema"].Str("$ref");
            if (actual != reference)
            {
                yield return $"answer {status} has schema '{actual}', expected '{reference}'";
            }
        }

        var extra = responses.Select(r => r.Key).Except(expected.Responses.Split(", ").Select(a => a.Split(' ')[0]));
        foreach (var status in extra)
        {
            yield return $"answer {status} is documented but not in the table";
        }
    }

    /// <summary>
    /// How the schema named <paramref name="name"/> differs from <paramref name="written"/> in its members' names; then
    /// the same for each member that refers to another schema, against the first item written there.
    /// </summary>
    private static IEnumerable<string> MemberMismatches(JsonObject schemas, string name, JsonObject written)
    {
        var properties = schemas[name]?["properties"]?.AsObject() ?? [];
        var (documented, actual) = (properties.Select(p => p.Key).ToHashSet(), written.Select(m => m.Key).ToHashSet());
        if (!documented.SetEquals(actual))
        {
            yield return $"{name} documents [{string.Join(", ", documented.Order())}], the server writes [{string.Join(", ", actual.Order())}]";
        }

        foreach (var (member, property) in properties)
        {
            var (reference, value) = (property.Str("$ref") ?? property?["items"].Str("$ref"), written[member]);
            if (reference is not null && (value is JsonObject ? value : value is JsonArray { Count: > 0 } items ? items[0] : null) is JsonObject nested)
            {
                foreach (var mismatch in MemberMismatches(schemas, reference.Split('/')[^1], nested))
                {
                    yield return mismatch;
                }
            }
        }
    }

    private static string[] Names(JsonNode? enumSchema) => [.. enumSchema.Array("enum").Select(n => n!.GetValue<string>())];

    public sealed record Operation(string Method, string Path, string Credential, string? Request, string Responses);
}
