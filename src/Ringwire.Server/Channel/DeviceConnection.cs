using System.Net.WebSockets;
using System.Threading.Channels;
using Ringwire.Server.Logging;
using Ringwire.Server.Observability;

namespace Ringwire.Server.Channel;

/// <summary>
/// One connected device. Anyone may <see cref="TrySend"/>; one writer loop owns the socket's send side, because a
/// WebSocket allows a single send at a time. A failed write aborts this connection and nothing else.
/// </summary>
public sealed class DeviceConnection
{
    // Bounded, so that a device that stops reading cannot make the server buffer without end; when full it is cut off.
    private readonly Channel<ReadOnlyMemory<byte>> _outbox =
        System.Threading.Channels.Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly WebSocket _socket;
    private readonly GhostRingGuards _guards;
    private readonly ILogger _logger;

    // Finished calls remembered, so that an older version arriving after the last one (another node's notice read
    // late, a replay racing an event) cannot make a finished call ring again; the oldest are forgotten past this many.
    private const int RememberedFinishedCalls = 256;

    // The version of each call this device was last told about, so that the replay on connect, events from this node
    // and events read for other nodes' notices, in whatever order they come, announce each change once and never go
    // back to an older state.
    private readonly Lock _callsLock = new();
    private readonly Dictionary<Guid, int> _toldVersions = [];
    private readonly Queue<Guid> _finished = new();

    public DeviceConnection(WebSocket socket, string userId, string deviceId, GhostRingGuards guards, ILogger logger)
    {
        _socket = socket;
        _guards = guards;
        _logger = logger;
        UserId = userId;
        DeviceId = deviceId;
    }

    /// <summary>This connection, among every device connection of every node (a device may hold two for a moment).</summary>
    public Guid ConnectionId { get; } = Guid.NewGuid();

    public string UserId { get; }

    public string DeviceId { get; }

    /// <summary>Queues a text message; false (and the connection aborted) when the device is not keeping up.</summary>
    public bool TrySend(ReadOnlyMemory<byte> message)
    {
        if (_outbox.Writer.TryWrite(message))
        {
            return true;
        }

        if (_outbox.Writer.TryComplete())
        {
            ChannelLog.SlowConsumer(_logger, UserId, DeviceId);
            _socket.Abort();
        }

        return false;
    }

    /// <summary>
    /// Queues a call event unless this device was already told about this version of the call or a newer one
    /// (true then too: the device knows).
    /// </summary>
    public bool TrySendCall(Guid callId, int version, bool terminal, ReadOnlyMemory<byte> message)
    {
        lock (_callsLock)
        {
            if (_toldVersions.TryGetValue(callId, out var told) && told >= version)
            {
                // The same version twice is routine (the replay on connect and an event); an older one is what would
                // ring a finished call again.
                if (told > version)
                {
                    _guards.Tripped(GhostRingGuard.StaleEventDropped);
                }

                return true;
            }

            _toldVersions[callId] = version;
            // A terminal version is the last one: remember only the latest finished calls, so a long-lived connection
            // does not grow.
            if (terminal)
            {
                _finished.Enqueue(callId);
                if (_finished.Count > RememberedFinishedCalls)
                {
                    _toldVersions.Remove(_finished.Dequeue());
                }
            }

            return TrySend(message);
        }
    }

    /// <summary>Sends queued messages until <see cref="Complete"/> is called or a write fails.</summary>
    public async Task RunWriterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outbox.Reader.ReadAllAsync(cancellationToken))
            {
                await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection is going away (the device left, or the server stops): no send failed, and the reader
            // already says how the connection ended.
            _outbox.Writer.TryComplete();
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            ChannelLog.SendFailed(_logger, UserId, DeviceId, e);
            _outbox.Writer.TryComplete();
            _socket.Abort();
        }
    }

    /// <summary>No more messages: the writer drains what is queued and stops.</summary>
    public void Complete() => _outbox.Writer.TryComplete();
}
