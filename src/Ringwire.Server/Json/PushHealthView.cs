namespace Ringwire.Server.Json;

/// <summary><c>status</c> is <c>ok</c>, <c>at_risk</c> or <c>no_token</c> (contract §4).</summary>
public sealed record PushHealthView(string Status, int UnclaimedPushes24h);
