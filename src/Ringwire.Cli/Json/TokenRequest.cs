namespace Ringwire.Cli.Json;

/// <summary><c>POST /v1/tokens</c>'s body (contract §2).</summary>
internal sealed record TokenRequest(string UserId, int TtlSeconds);
