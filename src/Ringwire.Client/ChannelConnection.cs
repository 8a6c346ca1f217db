using System.Net.WebSockets;
using System.Text.Json;
using Ringwire.Client.Json;
using Ringwire.Core;

namespace Ringwire.Client;

/// <summary>One open socket of a <see cref="RingwireChannel"/>: one writer at a time, and the requests awaiting replies on it.</summary>
internal sealed class ChannelConnection(ClientWebSocket socket)
{
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TaskCompletionSource<ServerMessage?>> _pending = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _buffer = new byte[4096];

    /// <summary>Completes when the connection is gone.</summary>
    private readonly Dictionary<Guid, Task<ServerMessage?>> _carriedClaims = [];

    public Task Closed => _closed.Task;

    /// <summary>The claims this connection carried in its URL: their replies come right after the hello.</summary>
    public void Carry(IEnumerable<Guid> callIds)
    {
        foreach (var callId in callIds)
        {
            var reply = Expect(CarriedClaims.ReplyTo(callId));
            lock (_lock)
            {
                _carriedClaims[callId] = reply;
            }
        }
    }

    /// <summary>The reply to a claim this connection carried, once; false when it carried none for the call.</summary>
    public bool TryTakeCarriedClaim(Guid callId, out Task<ServerMessage?> reply)
    {
        lock (_lock)
        {
            return _carriedClaims.Remove(callId, out reply!);
        }
    }

    /// <summary>A reply slot for request <paramref name="id"/>; completes with null if the connection drops first.</summary>
    public Task<ServerMessage?> Expect(string id)
    {
        var reply = new TaskCompletionSource<ServerMessage?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_closed.Task.IsCompleted)
            {
                reply.SetResult(null);
            }
            else
            {
                _pending[id] = reply;
            }
        }

        return reply.Task;
    }

    public void Forget(string id)
    {
        lock (_lock)
        {
            _pending.Remove(id);
        }
    }

    public bool Deliver(string id, ServerMessage message)
    {
        TaskCompletionSource<ServerMessage?>? reply;
        lock (_lock)
        {
            if (!_pending.Remove(id, out reply))
            {
                return false;
            }
        }

        reply.TrySetResult(message);
        return true;
    }

    /// <summary>Sends one frame; false when the socket failed (the caller waits for the next connection).</summary>
    public async Task<bool> TrySendAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            // A failed write ends this connection and nothing else: the reader notices and the channel reconnects.
            socket.Abort();
            return false;
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>The next message, or null when the server closed the socket. Frames that are not JSON are skipped.</summary>
    public async Task<ServerMessage?> ReceiveAsync(int maxBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == _buffer.Length)
                {
                    if (_buffer.Length >= maxBytes)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, null, cancellationToken);
                        return null;
                    }

                    Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, maxBytes));
                }

                result = await socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            try
            {
                if (JsonSerializer.Deserialize(_buffer.AsSpan(0, length), ChannelJson.Default.ServerMessage) is { } message)
                {
                    return message;
                }
            }
            catch (JsonException)
            {
                // A message this version cannot read (a future state name, …) is skipped, not fatal.
            }
        }
    }

    /// <summary>Closes the socket and releases every request waiting on it, so that they go out again on the next connection.</summary>
    public void Close()
    {
        List<TaskCompletionSource<ServerMessage?>> waiting;
        lock (_lock)
        {
            waiting = [.. _pending.Values];
            _pending.Clear();
            _closed.TrySetResult();
        }

        socket.Abort();
        socket.Dispose();
        foreach (var reply in waiting)
        {
            reply.TrySetResult(null);
        }
    }
}
