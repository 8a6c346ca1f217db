using System.Net.WebSockets;
using System.Text.Json;
using Ringwire.Client.Json;
using Ringwire.Core;

namespace Ringwire.Client;

/// <summary>
/// The device channel of contract §6 (<c>GET /v1/connect</c>): requests matched to their replies, server call events
/// to subscribers, and a connection that comes back by itself with jittered exponential back-off.
/// </summary>
public sealed class RingwireChannel : IAsyncDisposable
{
    // Replies and events are small (the server's limit is 16 KiB per frame); this only bounds a misbehaving server.
    private const int MaxIncomingBytes = 1024 * 1024;

    private readonly RingwireChannelOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Guid> _claimsForConnect = [];
    private TaskCompletionSource<ChannelConnection> _connected = NewConnectedSource();
    private Task? _loop;
    private TimeSpan? _offset;
    private long _nextId;
    private bool _disposed;

    /// <summary>A channel that connects on <see cref="Start"/> or on its first request.</summary>
    public RingwireChannel(RingwireChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Server.Scheme is not ("http" or "https" or "ws" or "wss"))
        {
            throw new ArgumentException("The server URL must be http(s) or ws(s).", nameof(options));
        }

        _options = options;
    }

    /// <summary>Raised when a connection is up and its <c>hello</c> read (the first and every later one).</summary>
    public event Action? Connected;

    /// <summary>Raised when an open connection is lost; the channel then reconnects by itself.</summary>
    public event Action<Exception?>? Disconnected;

    /// <summary>Raised for every server <c>call</c> event (not for replies), on the channel's reading thread.</summary>
    public event Action<CallEvent>? CallReceived;

    /// <summary>Whether a connection is up now.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_lock)
            {
                return _connected.Task.IsCompletedSuccessfully;
            }
        }
    }

    /// <summary>Server clock minus local clock, learned from the last <c>hello</c>; null before the first one.</summary>
    public TimeSpan? ServerClockOffset
    {
        get
        {
            lock (_lock)
            {
                return _offset;
            }
        }
    }

    /// <summary>Starts connecting (and reconnecting) in the background; calling it again has no effect.</summary>
    public void Start()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _loop ??= Task.Run(() => RunAsync(_stop.Token));
        }
    }

    /// <summary>Starts the channel if needed and completes once a connection is up.</summary>
    public async Task WaitConnectedAsync(CancellationToken cancellationToken = default)
    {
        Start();
        Task<ChannelConnection> connected;
        lock (_lock)
        {
            connected = _connected.Task;
        }

        await connected.WaitAsync(cancellationToken);
    }

    /// <summary>Claims a call (callee devices: "I heard of it"); the reply is the call as it stands.</summary>
    public async Task<CallReply> ClaimAsync(Guid callId, CancellationToken cancellationToken = default)
    {
        // A phone woken by a push is not connected yet: its claim rides on the connect itself, which saves the round
        // trip of a separate claim (the server answers it right after the hello).
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_connected.Task.IsCompletedSuccessfully && _claimsForConnect.Count < CarriedClaims.Max)
            {
                _claimsForConnect.Add(callId);
            }
        }

        try
        {
            Start();
            Task<ChannelConnection> connecting;
            lock (_lock)
            {
                connecting = _connected.Task;
            }

            var connection = await connecting.WaitAsync(cancellationToken);
            if (connection.TryTakeCarriedClaim(callId, out var carried) && await carried.WaitAsync(cancellationToken) is { } message)
            {
                return ToCallReply(message);
            }
        }
        finally
        {
            lock (_lock)
            {
                _claimsForConnect.Remove(callId);
            }
        }

        return await CallRequestAsync("claim", callId, null, cancellationToken);
    }

    /// <summary>Answers a call from this device; the first answer wins, a later one gets <see cref="ChannelErrorCode.AnsweredElsewhere"/>.</summary>
    public Task<CallReply> AnswerAsync(Guid callId, CancellationToken cancellationToken = default) =>
        CallRequestAsync("answer", callId, null, cancellationToken);

    /// <summary>Declines a ringing call for every device; with <paramref name="busy"/> the call ends declined/busy.</summary>
    public Task<CallReply> DeclineAsync(Guid callId, bool busy, CancellationToken cancellationToken = default) =>
        CallRequestAsync("decline", callId, busy ? "busy" : null, cancellationToken);

    /// <summary>Ends a call: cancels it (caller), declines it (callee while ringing) or hangs up (after answer).</summary>
    public Task<CallReply> EndAsync(Guid callId, CancellationToken cancellationToken = default) =>
        CallRequestAsync("end", callId, null, cancellationToken);

    /// <summary>Tells the server the device reported the call to the OS (or was told it need not); null when acknowledged.</summary>
    public async Task<ChannelErrorCode?> ReportedAsync(Guid callId, bool? mustReport, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(id => ChannelRequests.Write("reported", id, callId, writeMustReport: true, mustReport: mustReport), cancellationToken);
        return reply.Type == "ok" ? null : ErrorCode(reply.Code);
    }

    /// <summary>A round trip to the server; completes on its <c>pong</c>.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(id => ChannelRequests.Write("ping", id, null), cancellationToken);
        if (reply.Type != "pong")
        {
            throw new InvalidOperationException($"The server answered a ping with '{reply.Type}'.");
        }
    }

    /// <summary>Closes the connection and stops reconnecting; pending requests are cancelled.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loop = _loop;
        }

        await _stop.CancelAsync();
        if (loop is not null)
        {
            await loop;
        }

        lock (_lock)
        {
            _connected.TrySetException(new ObjectDisposedException(nameof(RingwireChannel)));
        }

        _stop.Dispose();
    }

    private async Task<CallReply> CallRequestAsync(string type, Guid callId, string? reason, CancellationToken cancellationToken)
    {
        var reply = await RequestAsync(id => ChannelRequests.Write(type, id, callId, reason), cancellationToken);
        return ToCallReply(reply);
    }

    private static CallReply ToCallReply(ServerMessage reply) => reply switch
    {
        { Type: "call", Call: { } call } => new CallReply { Call = new CallEvent(null, call, reply.EndReason) },
        _ => new CallReply { Error = ErrorCode(reply.Code), Detail = reply.Detail },
    };

    // A request waits for a connection (bounded by the caller's token) instead of failing at once, and is sent again on
    // the next connection when the one it went out on drops before the reply: every request is safe to repeat.
    private async Task<ServerMessage> RequestAsync(Func<string, byte[]> build, CancellationToken cancellationToken)
    {
        Start();
        while (true)
        {
            Task<ChannelConnection> connecting;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                connecting = _connected.Task;
            }

            var connection = await connecting.WaitAsync(cancellationToken);
            var id = Interlocked.Increment(ref _nextId).ToString();
            var reply = connection.Expect(id);
            try
            {
                if (!await connection.TrySendAsync(build(id), cancellationToken))
                {
                    await connection.Closed.WaitAsync(cancellationToken);
                    continue;
                }

                if (await reply.WaitAsync(cancellationToken) is { } message)
                {
                    return message;
                }
            }
            finally
            {
                connection.Forget(id);
            }
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var attempt = 0;
        while (!stop.IsCancellationRequested)
        {
            ChannelConnection? connection = null;
            Exception? lost = null;
            try
            {
                connection = await OpenAsync(stop);
                attempt = 0;
                lock (_lock)
                {
                    _connected.TrySetResult(connection);
                }

                Connected?.Invoke();
                await ReadAsync(connection, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or JsonException or HttpRequestException or ChannelRefusedException)
            {
                lost = e;
            }
            finally
            {
                if (connection is not null)
                {
                    lock (_lock)
                    {
                        if (_connected.Task.IsCompletedSuccessfully)
                        {
                            _connected = NewConnectedSource();
                        }
                    }

                    connection.Close();
                }
            }

            if (connection is not null)
            {
                Disconnected?.Invoke(lost);
            }

            if (stop.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(_options.Backoff.DelayFor(attempt++, Random.Shared.NextDouble()), _options.Time, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<ChannelConnection> OpenAsync(CancellationToken stop)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        string token;
        try
        {
            token = await _options.UserToken(linked.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The app's token source failed (its backend is unreachable, …): one failed attempt, retried with back-off.
            throw new ChannelRefusedException("The user-token source failed.", e);
        }

        Guid[] claims;
        lock (_lock)
        {
            claims = [.. _claimsForConnect];
        }

        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        try
        {
            await socket.ConnectAsync(ConnectUri(token, claims), linked.Token);
            var connection = new ChannelConnection(socket);
            var hello = await connection.ReceiveAsync(MaxIncomingBytes, linked.Token)
                ?? throw new ChannelRefusedException("The server closed the channel before its hello.");
            if (hello.Type != "hello" || hello.ServerTime is not { } serverTime)
            {
                throw new ChannelRefusedException($"The server's first message was '{hello.Type}', not hello.");
            }

            // The offset is taken at receipt: the hello's transit time is the error, typically a few milliseconds.
            var offset = DateTimeOffset.FromUnixTimeMilliseconds(serverTime) - _options.Time.GetUtcNow();
            lock (_lock)
            {
                _offset = offset;
            }

            // Registered before anything else is read, so no carried claim's reply can come unexpected.
            connection.Carry(claims);
            return connection;
        }
        catch
        {
            socket.Abort();
            socket.Dispose();
            throw;
        }
    }

    private async Task ReadAsync(ChannelConnection connection, CancellationToken stop)
    {
        while (await connection.ReceiveAsync(MaxIncomingBytes, stop) is { } message)
        {
            if (message.ReplyTo is { } replyTo && connection.Deliver(replyTo, message))
            {
                continue;
            }

            if (message is { Type: "call", ReplyTo: null, Call: { } call })
            {
                CallReceived?.Invoke(new CallEvent(message.Event, call, message.EndReason));
            }
        }
    }

    private Uri ConnectUri(string token, Guid[] claims)
    {
        var builder = new UriBuilder(_options.Server)
        {
            Scheme = _options.Server.Scheme is "https" or "wss" ? "wss" : "ws",
        };
        builder.Path = builder.Path.TrimEnd('/') + "/v1/connect";
        builder.Query = $"deviceId={Uri.EscapeDataString(_options.DeviceId)}&access_token={Uri.EscapeDataString(token)}" +
            (claims.Length == 0 ? "" : "&claim=" + string.Join(',', claims.Select(c => c.ToString("D"))));
        return builder.Uri;
    }

    internal static ChannelErrorCode ErrorCode(string? code) => code switch
    {
        "not_found" => ChannelErrorCode.NotFound,
        "call_ended" => ChannelErrorCode.CallEnded,
        "answered_elsewhere" => ChannelErrorCode.AnsweredElsewhere,
        "invalid_request" => ChannelErrorCode.InvalidRequest,
        "forbidden" => ChannelErrorCode.Forbidden,
        _ => ChannelErrorCode.Unknown,
    };

    private static TaskCompletionSource<ChannelConnection> NewConnectedSource() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}
