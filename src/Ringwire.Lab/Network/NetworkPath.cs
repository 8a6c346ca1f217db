using System.Net;
using System.Net.Sockets;

namespace Ringwire.Lab.Network;

/// <summary>
/// A phone's network path to a server: a TCP relay on a loopback port that adds a one-way latency to every byte in
/// both directions (and a round trip for the TCP handshake before a connection's first bytes), or refuses connections
/// while <see cref="Down"/>. Latency is real time, never lab time: a slow
/// network is what a ghost-ring figure must include.
/// </summary>
public sealed class NetworkPath : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<NetworkLink> _links = [];
    private readonly Task _accepting;
    private long _latencyTicks;
    private volatile bool _down;

    private NetworkPath(IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    /// <summary>Where the phone connects instead of the server itself.</summary>
    public Uri Address { get; }

    /// <summary>Added to each direction of every connection, for bytes sent from now on.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>While true, new connections are refused and open ones are cut.</summary>
    public bool Down
    {
        get => _down;
        set
        {
            _down = value;
            if (value)
            {
                CutAll();
            }
        }
    }

    /// <summary>The network blips: every open connection is cut (reset); new ones go through.</summary>
    public void Cut() => CutAll();

    /// <summary>A path to <paramref name="server"/> (an http URL on a loopback address).</summary>
    public static NetworkPath To(Uri server) =>
        new(new IPEndPoint(IPAddress.Parse(server.Host), server.Port));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            if (_down)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            var link = new NetworkLink(client, _target, () => Latency, Forget);
            lock (_lock)
            {
                _links.Add(link);
            }

            link.Start(_stop.Token);
        }
    }

    private void Forget(NetworkLink link)
    {
        lock (_lock)
        {
            _links.Remove(link);
        }
    }

    private void CutAll()
    {
        NetworkLink[] links;
        lock (_lock)
        {
            links = [.. _links];
        }

        foreach (var link in links)
        {
            link.Cut();
        }
    }
}
