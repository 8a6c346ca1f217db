using System.Net.WebSockets;
using System.Threading.Channels;
using Ringwire.Server.Logging;

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
    private readonly ILogger _logger;

    // The version of each unfinished call this device was last told about, so that the replay on connect and an
    // event racing it do not announce the same change twice.
    private readonly Lock _callsLock = new();
    private readonly Dictionary<Guid, int> _toldVersions = [];

    public DeviceConnection(WebSocket socket, string userId, string deviceId, ILogger logger)
    {
        _socket = socket;
        _logger = logger;
        UserId = userId;
        DeviceId = deviceId;
    }

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
                return true;
            }

            // A terminal version is the last one: forget the call, so a long-lived connection does not grow.
            if (terminal)
            {
                _toldVersions.Remove(callId);
            }
            else
            {
                _toldVersions[callId] = version;
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
