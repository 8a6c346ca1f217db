namespace Ringwire.Cli.Json;

/// <summary>An error answer (contract §3): RFC 9457 with the stable <c>code</c>, and <c>errors</c> for invalid_request.</summary>
internal sealed record ProblemReply(string? Code, string? Title, string? Detail, Dictionary<string, string[]>? Errors);
