using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Ringwire.Core;
using Ringwire.Server.Auth;
using Ringwire.Server.Calls;
using Ringwire.Server.Cluster;
using Ringwire.Server.Http;
using Ringwire.Server.Json;
using Ringwire.Server.Logging;
using Ringwire.Server.Observability;
using Ringwire.Server.Options;
using Ringwire.Storage;

namespace Ringwire.Server.Channel;

/// <summary>
/// <c>GET /v1/connect</c>: the device channel of contract §6. Greets the device, replays every call ringing for its
/// user, then answers its requests until it leaves. Events from other places reach it through <see cref="DeviceConnections"/>.
/// </summary>
public sealed class DeviceChannel(
    CredentialReader credentials,
    IDeviceStore devices,
    ICallStore calls,
    Switchboard switchboard,
    DeviceConnections connections,
    IDevicePresence presence,
    GhostRingGuards guards,
    IOptions<RingwireOptions> options,
    TimeProvider time,
    ILogger<DeviceChannel> logger)
{
    /// <summary>A message over 16 KiB closes the socket with 1009 (contract §6).</summary>
    public const int MaxMessageBytes = 16 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var credential = await credentials.ReadAsync(context.Request, allowQueryToken: true);
        if (credential is null)
        {
            await Problems.Unauthorized().ExecuteAsync(context);
            return;
        }

        if (credential.IsBackend)
        {
            await Problems.Forbidden("The device channel takes a user token.").ExecuteAsync(context);
            return;
        }

        string? deviceId = context.Request.Query["deviceId"];
        if (!Identifier.IsValid(deviceId))
        {
            await Problems.Invalid("deviceId", Identifier.Requirement).ExecuteAsync(context);
            return;
        }

        if (!ConnectClaims.TryParse(context.Request.Query["claim"], out var claims))
        {
            await Problems.Invalid("claim", ConnectClaims.Requirement).ExecuteAsync(context);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Problems.Invalid("$", "This endpoint needs a WebSocket upgrade.").ExecuteAsync(context);
            return;
        }

        var device = await devices.GetAsync(credential.UserId!, deviceId!, context.RequestAborted);
        if (device is null)
        {
            await Problems.Forbidden($"Device '{deviceId}' is not registered for this user: PUT /v1/devices/{deviceId} first.").ExecuteAsync(context);
            return;
        }

        var channel = options.Value.Channel;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = TimeSpan.FromSeconds(channel.KeepAliveSeconds),
            KeepAliveTimeout = TimeSpan.FromSeconds(channel.KeepAliveTimeoutSeconds),
        });
        await RunAsync(socket, device, claims, context.RequestAborted);
    }

    private async Task RunAsync(WebSocket socket, Device device, Guid[] claims, CancellationToken aborted)
    {
        var connection = new DeviceConnection(socket, device.UserId, device.DeviceId, guards, logger);
        var writer = Task.CompletedTask;
        try
        {
            await devices.TouchAsync(device.UserId, device.DeviceId, time.GetUtcNow(), aborted);
            // Before the hello: a device that has its hello counts as connected on every node (the claim timeout).
            await presence.ConnectedAsync(connection, aborted);
            // Hello first, then registration, then the writer: no call event can overtake the hello (contract §6), and a
            // device that has read its hello is already registered for events.
            connection.TrySend(Serialize(new HelloMessage(device.DeviceId, time.GetUtcNow()), ChannelJson.Default.HelloMessage));
            // Registered before the ringing calls are listed, so that a call placed in between is not missed.
            connections.Add(connection);
            ChannelLog.DeviceConnected(logger, device.UserId, device.DeviceId);
            writer = connection.RunWriterAsync(aborted);
            foreach (var call in await calls.ListRingingForCalleeAsync(device.UserId, aborted))
            {
                connection.TrySendCall(call.CallId, call.Version, terminal: false,
                    CallEvents.Message(call, device.UserId, device.DeviceId, call.State.EventName(), null));
            }

            foreach (var callId in claims)
            {
                connection.TrySend(await ClaimAsync(callId, device, CarriedClaims.ReplyTo(callId), aborted));
            }

            await ReadAsync(socket, connection, device, aborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            ChannelLog.ConnectionLost(logger, device.UserId, device.DeviceId, e);
        }
        finally
        {
            connections.Remove(connection);
            await presence.DisconnectedAsync(connection);
            connection.Complete();
            await writer;
            ChannelLog.DeviceDisconnected(logger, device.UserId, device.DeviceId);
        }
    }

    private async Task ReadAsync(WebSocket socket, DeviceConnection connection, Device device, CancellationToken aborted)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxMessageBytes + 1);
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length > MaxMessageBytes)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "Messages may be at most 16 KiB.", aborted);
                        return;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length, MaxMessageBytes + 1 - length), aborted);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, aborted);
                    }

                    return;
                }

                if (length > MaxMessageBytes)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "Messages may be at most 16 KiB.", aborted);
                    return;
                }

                var reply = result.MessageType == WebSocketMessageType.Text
                    ? await HandleMessageAsync(buffer.AsMemory(0, length), device, aborted)
                    : Error(null, "invalid_request", "Messages are JSON text frames.");
                connection.TrySend(reply);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<byte[]> HandleMessageAsync(ReadOnlyMemory<byte> frame, Device device, CancellationToken cancellationToken)
    {
        ClientMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(frame.Span, ChannelJson.Default.ClientMessage);
        }
        catch (JsonException)
        {
            return Error(null, "invalid_request", "Not a JSON object with a known shape.");
        }

        if (message?.Type is null)
        {
            return Error(message?.Id, "invalid_request", "A message needs a type.");
        }

        if (message.Type == "ping")
        {
            return Serialize(new ReplyMessage("pong", message.Id), ChannelJson.Default.ReplyMessage);
        }

        if (message.Type is not ("claim" or "answer" or "decline" or "end" or "reported"))
        {
            return Error(message.Id, "invalid_request", $"Unknown message type '{message.Type}'.");
        }

        if (!Guid.TryParse(message.CallId, out var callId))
        {
            return Error(message.Id, "invalid_request", "callId must be a call's UUID.");
        }

        switch (message.Type)
        {
            case "claim":
                return await ClaimAsync(callId, device, message.Id, cancellationToken);
            case "reported":
                return await switchboard.ReportedAsync(callId, device, message.MustReport, cancellationToken)
                    ? Serialize(new ReplyMessage("ok", message.Id), ChannelJson.Default.ReplyMessage)
                    : Error(message.Id, "not_found", null);
            default:
                var asked = message.Type switch
                {
                    "answer" => CallAction.Answer,
                    "decline" => CallAction.Decline,
                    _ => CallAction.End,
                };
                if (DeclineReason.Apply(asked, message.Reason) is not { } action)
                {
                    return Error(message.Id, "invalid_request", DeclineReason.Requirement);
                }

                var result = await switchboard.ActAsync(callId, device, action, cancellationToken);
                return result.Succeeded
                    ? CallEvents.Message(result.Call!, device.UserId, device.DeviceId, null, message.Id)
                    : Error(message.Id, ErrorCode(result), null);
        }
    }

    private async Task<byte[]> ClaimAsync(Guid callId, Device device, string? replyTo, CancellationToken cancellationToken)
    {
        var claimed = await switchboard.ClaimAsync(callId, device, cancellationToken);
        return claimed is null
            ? Error(replyTo, "not_found", null)
            : CallEvents.Message(claimed, device.UserId, device.DeviceId, null, replyTo);
    }

    private static string ErrorCode(CallActionResult result) => result.Call is null
        ? "not_found"
        : result.Outcome switch
        {
            TransitionOutcome.CallEnded => "call_ended",
            TransitionOutcome.AnsweredElsewhere => "answered_elsewhere",
            _ => "forbidden",
        };

    private static byte[] Error(string? replyTo, string code, string? detail) =>
        Serialize(new ErrorMessage(replyTo, code, detail), ChannelJson.Default.ErrorMessage);

    private static byte[] Serialize<T>(T message, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.SerializeToUtf8Bytes(message, type);
}
