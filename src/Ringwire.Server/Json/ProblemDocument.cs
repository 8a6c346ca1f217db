using System.Text.Json.Serialization;

namespace Ringwire.Server.Json;

/// <summary>RFC 9457 problem details with the contract's stable <c>code</c> (contract §3).</summary>
public sealed record ProblemDocument(
    string Type,
    string Title,
    int Status,
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null);
