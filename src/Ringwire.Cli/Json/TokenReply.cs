namespace Ringwire.Cli.Json;

/// <summary><c>POST /v1/tokens</c>'s answer (contract §2).</summary>
internal sealed record TokenReply(string? Token, DateTimeOffset? ExpiresAt);
