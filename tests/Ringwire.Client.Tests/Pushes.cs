using System.Text;
using System.Text.Json;
using Ringwire.Client.PushKit;

namespace Ringwire.Client.Tests;

/// <summary>VoIP push bodies as the server sends them (contract §7).</summary>
internal static class Pushes
{
    public static VoipPush For(Guid callId, string from = "alice", string? callerName = "Alice", string? callerHandle = "alice",
        DateTimeOffset? ringUntil = null, bool? mustReport = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["v"] = 1,
            ["callId"] = callId.ToString("D"),
            ["from"] = from,
            ["callerName"] = callerName,
            ["callerHandle"] = callerHandle,
            ["handleType"] = "generic",
            ["video"] = false,
            ["sentAt"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["ringUntil"] = (ringUntil ?? DateTimeOffset.UtcNow.AddSeconds(45)).ToUnixTimeMilliseconds(),
            ["connect"] = "ws://127.0.0.1/v1/connect",
        };
        return new VoipPush(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["ringwire"] = body }), mustReport);
    }

    public static VoipPush Raw(string text, bool? mustReport = null) => new(Encoding.UTF8.GetBytes(text), mustReport);
}
