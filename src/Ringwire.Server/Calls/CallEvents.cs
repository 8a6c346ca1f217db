using System.Text.Json;
using Ringwire.Core;
using Ringwire.Server.Channel;
using Ringwire.Server.Cluster;
using Ringwire.Server.Json;

namespace Ringwire.Server.Calls;

/// <summary>Tells every connected device of both parties about a call, each with its own end reason (contract §6).</summary>
public sealed class CallEvents(DeviceConnections connections, ICallBroadcast broadcast)
{
    /// <summary>A change made here: this node's devices now, the other nodes' through <see cref="ICallBroadcast"/>.</summary>
    public void Publish(Call call, bool includeCallee = true)
    {
        Deliver(call, includeCallee);
        broadcast.Announce(call, includeCallee);
    }

    /// <summary>
    /// Whether the callee's devices may hear of the call. A call that ended the moment it was placed, with no legs, may
    /// be a block, which is never revealed; a callee without a single device has none to tell anyway.
    /// </summary>
    public static bool MayTellCallee(Call call) =>
        !(call.Version == 1 && call.State == CallState.Unreachable && call.EndReason == EndReason.NoDevices && call.Legs.IsEmpty);

    /// <summary>This node's devices only: for a change another node made and announced.</summary>
    public void Deliver(Call call, bool includeCallee = true)
    {
        var view = CallView.Of(call);
        var name = call.State.EventName();
        Send(call, view, name, call.From);
        if (includeCallee)
        {
            Send(call, view, name, call.To);
        }
    }

    /// <summary>The <c>call</c> message for one device: an event, or a reply to one of its requests.</summary>
    public static byte[] Message(Call call, string userId, string deviceId, string? eventName, string? replyTo) =>
        Serialize(CallView.Of(call), call, userId, deviceId, eventName, replyTo);

    private void Send(Call call, CallView view, string eventName, string userId)
    {
        foreach (var connection in connections.Of(userId))
        {
            connection.TrySendCall(call.CallId, call.Version, call.State.IsTerminal(), Serialize(view, call, userId, connection.DeviceId, eventName, null));
        }
    }

    private static byte[] Serialize(CallView view, Call call, string userId, string deviceId, string? eventName, string? replyTo) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new CallMessage(eventName, replyTo, view, DeviceEndReasons.For(call, userId, deviceId)),
            ChannelJson.Default.CallMessage);
}
