using System.Text.Json.Serialization;
using Ringwire.Core;

namespace Ringwire.Server.Json;

// Device-channel messages (contract §6): one JSON object per text frame.

/// <summary>Anything a device sends; which members matter depends on <see cref="Type"/>.</summary>
public sealed record ClientMessage(string? Type, string? Id, string? CallId, bool? MustReport, string? Reason);

public sealed record HelloMessage(string DeviceId, DateTimeOffset ServerTime)
{
    [JsonPropertyOrder(-1)]
    public string Type => "hello";
}

public sealed record CallMessage(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Event,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReplyTo,
    CallView Call,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeviceEndReason? EndReason)
{
    [JsonPropertyOrder(-1)]
    public string Type => "call";
}

/// <summary><c>ok</c> and <c>pong</c> replies.</summary>
public sealed record ReplyMessage([property: JsonPropertyOrder(-1)] string Type, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReplyTo);

public sealed record ErrorMessage(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReplyTo,
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail)
{
    [JsonPropertyOrder(-1)]
    public string Type => "error";
}
