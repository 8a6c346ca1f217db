using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ringwire.Testing;

/// <summary>
/// A device on the channel (contract §6), over a real <see cref="ClientWebSocket"/>. A background loop keeps every
/// message in arrival order, with the moment it arrived; <see cref="NextAsync"/> hands out the first one not yet taken
/// that matches.
/// </summary>
public sealed class DeviceSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Lock _lock = new();
    private readonly List<(JsonNode Message, DateTimeOffset At, bool Taken)> _messages = [];
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Task _receiving;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closed;
    private int _nextId;

    private DeviceSocket(ClientWebSocket socket, string deviceId)
    {
        _socket = socket;
        DeviceId = deviceId;
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    public string DeviceId { get; }

    /// <summary>Completes when the server closed the socket or it broke.</summary>
    public Task Closed => _receiving;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>Every message received so far, in order.</summary>
    public IReadOnlyList<JsonNode> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages.Select(m => m.Message)];
            }
        }
    }

    /// <param name="more">More of the query, e.g. <c>claim=…</c>.</param>
    public static Uri Address(Uri baseAddress, string? token, string deviceId, string? more = null)
    {
        var query = $"deviceId={Uri.EscapeDataString(deviceId)}" + (token is null ? "" : $"&access_token={Uri.EscapeDataString(token)}") +
            (more is null ? "" : "&" + more);
        return new UriBuilder(baseAddress) { Scheme = "ws", Path = "/v1/connect", Query = query }.Uri;
    }

    public static async Task<DeviceSocket> ConnectAsync(Uri baseAddress, string token, string deviceId, string? more = null)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(Address(baseAddress, token, deviceId, more), CancellationToken.None).DefaultTimeout();
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new DeviceSocket(socket, deviceId);
    }

    /// <summary>Connects and takes the hello: the device is registered with the server when this returns.</summary>
    public static async Task<DeviceSocket> ConnectReadyAsync(Uri baseAddress, string token, string deviceId)
    {
        var socket = await ConnectAsync(baseAddress, token, deviceId);
        try
        {
            await socket.NextAsync(m => m.Str("type") == "hello");
            return socket;
        }
        catch
        {
            await socket.DisposeAsync();
            throw;
        }
    }

    /// <summary>The first message not yet taken that matches, waiting for it if need be.</summary>
    public async Task<JsonNode> NextAsync(Func<JsonNode, bool>? match = null, TimeSpan? timeout = null) =>
        (await NextArrivalAsync(match, timeout)).Message;

    /// <summary>The same, with the moment it arrived (on the system clock).</summary>
    public async Task<(JsonNode Message, DateTimeOffset At)> NextArrivalAsync(Func<JsonNode, bool>? match = null, TimeSpan? timeout = null)
    {
        match ??= static _ => true;
        using var expiry = new CancellationTokenSource(timeout ?? TestTimeout.Default);
        while (true)
        {
            Task arrived;
            lock (_lock)
            {
                for (var i = 0; i < _messages.Count; i++)
                {
                    if (!_messages[i].Taken && match(_messages[i].Message))
                    {
                        _messages[i] = _messages[i] with { Taken = true };
                        return (_messages[i].Message, _messages[i].At);
                    }
                }

                if (_closed)
                {
                    throw new InvalidOperationException($"{DeviceId}: the socket closed ({_socket.CloseStatus}) before a matching message came. Received: {Describe()}");
                }

                arrived = _arrived.Task;
            }

            try
            {
                await arrived.WaitAsync(expiry.Token);
            }
            catch (OperationCanceledException)
            {
                lock (_lock)
                {
                    throw new TimeoutException($"{DeviceId}: no matching message. Received: {Describe()}");
                }
            }
        }
    }

    /// <summary>Sends an object as one JSON text frame.</summary>
    public Task SendAsync(object message) =>
        SendRawAsync(Encoding.UTF8.GetBytes(message is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(message, JsonSerializerOptions.Web)));

    public Task SendRawAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendRawAsync(byte[] payload, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        await _sending.WaitAsync().DefaultTimeout();
        try
        {
            await _socket.SendAsync(payload, type, endOfMessage: true, CancellationToken.None).DefaultTimeout();
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Sends a request with a fresh <c>id</c> and returns the message that replies to it.</summary>
    public async Task<JsonNode> RequestAsync(string type, string? callId = null, Action<JsonObject>? extra = null)
    {
        var id = $"{DeviceId}-{Interlocked.Increment(ref _nextId)}";
        var message = new JsonObject { ["type"] = type, ["id"] = id };
        if (callId is not null)
        {
            message["callId"] = callId;
        }

        extra?.Invoke(message);
        await SendAsync(message);
        return await NextAsync(m => m.Str("replyTo") == id);
    }

    /// <summary>
    /// A barrier: the pong comes after everything the server queued for this socket before it read the ping.
    /// </summary>
    public async Task PingAsync()
    {
        var pong = await RequestAsync("ping");
        if (pong.Str("type") != "pong")
        {
            throw new InvalidOperationException($"{DeviceId}: a ping was answered with {pong.ToJsonString()}");
        }
    }

    /// <summary>The messages received before the reply to a ping sent now: everything already queued for this socket.</summary>
    public async Task<IReadOnlyList<JsonNode>> DrainAsync()
    {
        await PingAsync();
        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).DefaultTimeout();
            }

            await _receiving.DefaultTimeout();
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            // The test is over; a socket the server already dropped needs no goodbye.
        }
        finally
        {
            _socket.Dispose();
            _sending.Dispose();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[32 * 1024];
        try
        {
            while (true)
            {
                using var frame = new MemoryStream();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        if (_socket.State == WebSocketState.CloseReceived)
                        {
                            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        }

                        return;
                    }

                    frame.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                var message = JsonNode.Parse(frame.ToArray()) ?? throw new InvalidOperationException("The server sent the JSON literal null.");
                lock (_lock)
                {
                    _messages.Add((message, DateTimeOffset.UtcNow, false));
                    var arrived = _arrived;
                    _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    arrived.TrySetResult();
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException)
        {
            // Broken or dropped by the server: Closed completes and waiters learn it below.
        }
        finally
        {
            lock (_lock)
            {
                _closed = true;
                _arrived.TrySetResult();
            }
        }
    }

    private string Describe() => _messages.Count == 0
        ? "(nothing)"
        : string.Join(" | ", _messages.Select(m => (m.Taken ? "[taken] " : "") + m.Message.ToJsonString()));
}
