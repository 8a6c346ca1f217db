using System.Text.Json.Nodes;

namespace Ringwire.Server.Tests.Infrastructure;

/// <summary>Predicates for <see cref="DeviceSocket.NextAsync"/>.</summary>
public static class SocketMessages
{
    public static bool IsHello(JsonNode message) => message.Str("type") == "hello";

    /// <summary>A <c>call</c> event (not a reply) named <paramref name="name"/> about the call.</summary>
    public static Func<JsonNode, bool> Event(string name, string callId) => m =>
        m.Str("type") == "call" && m.Str("event") == name && m["call"].Str("callId") == callId;

    /// <summary>Any <c>call</c> message about the call, event or reply.</summary>
    public static bool IsAbout(JsonNode message, string callId) =>
        message.Str("type") == "call" && message["call"].Str("callId") == callId;
}
