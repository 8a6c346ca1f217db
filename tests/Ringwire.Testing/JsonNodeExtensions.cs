using System.Text.Json.Nodes;

namespace Ringwire.Testing;

/// <summary>Null-tolerant reads of JSON members, so a missing or mistyped member fails an assertion, not a cast.</summary>
public static class JsonNodeExtensions
{
    public static string? Str(this JsonNode? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    public static long? Long(this JsonNode? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<long>(out var l) ? l : null;

    public static bool? Bool(this JsonNode? node, string name) =>
        node?[name] is JsonValue value && value.TryGetValue<bool>(out var b) ? b : null;

    public static JsonArray Array(this JsonNode? node, string name) =>
        node?[name] as JsonArray ?? throw new InvalidOperationException($"Member '{name}' is not an array in {node?.ToJsonString()}");

    public static JsonObject Obj(this JsonNode? node, string name) =>
        node?[name] as JsonObject ?? throw new InvalidOperationException($"Member '{name}' is not an object in {node?.ToJsonString()}");

    /// <summary>True when the member is present with the JSON value <c>null</c>.</summary>
    public static bool IsNull(this JsonNode? node, string name) =>
        node is JsonObject o && o.TryGetPropertyValue(name, out var value) && value is null;

    /// <summary>The JSON kind of a member: "string", "number", "null", "missing", …</summary>
    public static string Kind(this JsonNode? node, string name) =>
        node is not JsonObject o || !o.TryGetPropertyValue(name, out var value) ? "missing"
        : value is null ? "null"
        : value.GetValueKind().ToString().ToLowerInvariant();
}
