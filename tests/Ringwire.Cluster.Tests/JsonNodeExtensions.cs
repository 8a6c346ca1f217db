using System.Text.Json.Nodes;

namespace Ringwire.Cluster.Tests;

public static class JsonNodeExtensions
{
    /// <summary>A string member, or null when absent or not a string.</summary>
    public static string? Str(this JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
