using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Ringwire.Cluster.Tests;

/// <summary>
/// A web device on one node's channel (contract §6). Keeps every message with the moment it arrived;
/// <see cref="NextAsync"/> hands out the first one not yet taken that matches, waiting for it up to a timeout.
/// </summary>
public sealed class ClusterDevice : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Lock _lock = new();
    private readonly List<(JsonNode Message, DateTimeOffset At, bool Taken)> _messages = [];
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Task _receiving;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closed;
    private int _nextId;

    private ClusterDevice(ClientWebSocket socket, string deviceId)
    {
        _socket = socket;
        DeviceId = deviceId;
        _receiving = Task.Run(ReceiveAsync);
    }

    public string DeviceId { get; }

    /// <summary>Connects and takes the hello: the device is registered with its node when this returns.</summary>
    public static async Task<ClusterDevice> ConnectAsync(ServerProcess node, string token, string deviceId)
    {
        var socket = new ClientWebSocket();
        var address = new UriBuilder(node.BaseAddress)
        {
            Scheme = "ws",
            Path = "/v1/connect",
            Query = $"deviceId={Uri.EscapeDataString(deviceId)}&access_token={Uri.EscapeDataString(token)}",
        }.Uri;
        try
        {
            await socket.ConnectAsync(address, CancellationToken.None).DefaultTimeout();
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var device = new ClusterDevice(socket, deviceId);
        await device.NextAsync(m => m.Str("type") == "hello");
        return device;
    }

    /// <summary>The first message not yet taken that matches, with when it arrived.</summary>
    public async Task<(JsonNode Message, DateTimeOffset At)> NextAsync(Func<JsonNode, bool> match, TimeSpan? timeout = null)
    {
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
                    throw new InvalidOperationException($"{DeviceId}: the socket closed before a matching message came. Received: {Describe()}");
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

    /// <summary>Sends a request with a fresh id; returns the reply to it.</summary>
    public async Task<JsonNode> RequestAsync(string type, string callId)
    {
        var id = $"{DeviceId}-{Interlocked.Increment(ref _nextId)}";
        var message = new JsonObject { ["type"] = type, ["id"] = id, ["callId"] = callId };
        await _sending.WaitAsync().DefaultTimeout();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None).DefaultTimeout();
        }
        finally
        {
            _sending.Release();
        }

        return (await NextAsync(m => m.Str("replyTo") == id)).Message;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
            }

            await _receiving.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            // The node may be dead already; the test is over either way.
        }
        finally
        {
            _socket.Dispose();
            _sending.Dispose();
        }
    }

    private async Task ReceiveAsync()
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
            // Broken (its node was killed) or closed: waiters learn it below.
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
        : string.Join(" | ", _messages.TakeLast(20).Select(m => (m.Taken ? "[taken] " : "") + m.Message.ToJsonString()));
}
