using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Ringwire.Lab.Load;

/// <summary>
/// One web device on the device channel: a reader loop that stamps and parses every frame,
/// and a single writer fed by a channel, because ClientWebSocket allows one send at a time.
/// </summary>
internal sealed class CalleeDevice : IDisposable
{
    private const int InitialBufferSize = 16 * 1024;
    private const int MaxMessageSize = 1024 * 1024;
    private static TimeSpan HelloTimeout => TimeSpan.FromSeconds(10);
    private static TimeSpan CloseTimeout => TimeSpan.FromSeconds(2);

    private readonly ClientWebSocket _socket = new();
    private readonly Channel<OutgoingFrame> _outbox =
        Channel.CreateUnbounded<OutgoingFrame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<ServerFrame, long> _onFrame;
    private readonly RunMetrics _metrics;
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private volatile bool _closing;

    public CalleeDevice(string deviceId, Action<ServerFrame, long> onFrame, RunMetrics metrics)
    {
        DeviceId = deviceId;
        _onFrame = onFrame;
        _metrics = metrics;
    }

    public string DeviceId { get; }

    /// <summary>Opens the socket and waits for the server's hello, at most 10 s.</summary>
    public async Task ConnectAsync(Uri connectUri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HelloTimeout);
        _socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        _socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await _socket.ConnectAsync(connectUri, timeout.Token);
        }
        catch (WebSocketException e)
        {
            var status = _socket.HttpStatusCode == 0 ? string.Empty : $" (HTTP {(int)_socket.HttpStatusCode})";
            throw new LoadAbortedException($"device {DeviceId} could not connect to /v1/connect{status}: {e.Message}", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LoadAbortedException($"device {DeviceId}: /v1/connect did not open within {HelloTimeout.TotalSeconds:0} s");
        }

        _readLoop = ReadLoopAsync();
        _writeLoop = WriteLoopAsync();
        try
        {
            await _hello.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LoadAbortedException($"device {DeviceId}: no hello within {HelloTimeout.TotalSeconds:0} s of connecting");
        }
    }

    /// <summary>Queues a frame for the single writer; never blocks a reader loop.</summary>
    public void Send(byte[] payload, CallAttempt? answerFor = null) =>
        _outbox.Writer.TryWrite(new OutgoingFrame(payload, answerFor));

    /// <summary>Closes politely: drain the writer, send Close, wait for the server's Close; abort after 2 s each.</summary>
    public async Task CloseAsync()
    {
        _closing = true;
        _outbox.Writer.TryComplete();
        if (!await FinishesWithinAsync(_writeLoop, CloseTimeout))
        {
            _socket.Abort();
        }

        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "load run over", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The server went away first; nothing left to be polite to.
                _socket.Abort();
            }
        }

        if (!await FinishesWithinAsync(_readLoop, CloseTimeout))
        {
            _socket.Abort();
            await FinishesWithinAsync(_readLoop, CloseTimeout);
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[InitialBufferSize];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= MaxMessageSize)
                        {
                            _metrics.Errors.Add("socket message too large");
                            _socket.Abort();
                            return;
                        }

                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                // Stamp before parsing so latencies measure the network and server, not this parser.
                var receivedAt = Stopwatch.GetTimestamp();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (!_closing)
                    {
                        _metrics.Errors.Add("socket closed by server");
                    }

                    return;
                }

                if (result.MessageType != WebSocketMessageType.Text
                    || !ServerFrame.TryParse(buffer.AsSpan(0, length), out var frame))
                {
                    _metrics.Errors.Add("socket malformed frame");
                    continue;
                }

                if (frame.Type == "hello")
                {
                    _hello.TrySetResult();
                    continue;
                }

                _onFrame(frame, receivedAt);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            if (!_closing)
            {
                _metrics.Errors.Add("socket lost");
            }
        }
        finally
        {
            // Connecting fails at once instead of waiting out the hello timeout.
            _hello.TrySetException(new LoadAbortedException($"device {DeviceId}: the socket closed before hello"));
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var frame in _outbox.Reader.ReadAllAsync())
            {
                frame.AnswerFor?.MarkAnswerSent(Stopwatch.GetTimestamp());
                await _socket.SendAsync(frame.Payload, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A failed write aborts this connection and nothing else; its calls then time out.
            if (!_closing)
            {
                _metrics.Errors.Add("socket send failed");
            }

            _outbox.Writer.TryComplete();
            _socket.Abort();
        }
    }

    private static async Task<bool> FinishesWithinAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
