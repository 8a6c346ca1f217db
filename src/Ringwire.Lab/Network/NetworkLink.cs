using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Ringwire.Lab.Network;

/// <summary>One relayed connection of a <see cref="NetworkPath"/>: two pumps, each holding bytes back for the latency.</summary>
internal sealed class NetworkLink(TcpClient client, IPEndPoint target, Func<TimeSpan> latency, Action<NetworkLink> forget)
{
    private readonly TcpClient _upstream = new();
    private int _cut;

    public void Start(CancellationToken stop) => _ = RunAsync(stop);

    public void Cut()
    {
        if (Interlocked.Exchange(ref _cut, 1) == 1)
        {
            return;
        }

        // A reset, as when a network goes away, rather than an orderly close.
        client.Client.LingerState = new LingerOption(true, 0);
        client.Dispose();
        _upstream.Dispose();
        forget(this);
    }

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await _upstream.ConnectAsync(target, stop);
            var down = client.GetStream();
            var up = _upstream.GetStream();
            await Task.WhenAny(PumpAsync(down, up, handshake: true, stop), PumpAsync(up, down, handshake: false, stop));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection ended; either side may go first.
        }
        finally
        {
            Cut();
        }
    }

    /// <param name="handshake">
    /// The phone's side: its first bytes also wait out the TCP handshake (one round trip) that the relay, accepting on
    /// loopback, did not make it pay.
    /// </param>
    private async Task PumpAsync(Stream from, Stream to, bool handshake, CancellationToken stop)
    {
        var inFlight = Channel.CreateUnbounded<(long DueAt, byte[] Bytes)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writing = WriteAsync(inFlight.Reader, to, stop);
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, stop)) > 0)
            {
                var delay = handshake ? 3 * latency() : latency();
                handshake = false;
                var dueAt = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
                inFlight.Writer.TryWrite((dueAt, buffer[..read]));
            }
        }
        finally
        {
            inFlight.Writer.TryComplete();
            await writing;
        }
    }

    private static async Task WriteAsync(ChannelReader<(long DueAt, byte[] Bytes)> inFlight, Stream to, CancellationToken stop)
    {
        try
        {
            await foreach (var (dueAt, bytes) in inFlight.ReadAllAsync(stop))
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), dueAt);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stop);
                }

                await to.WriteAsync(bytes, stop);
            }

            // The other side finished sending: pass the half-close on.
            if (to is NetworkStream network)
            {
                network.Socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Cut while writing.
        }
    }
}
