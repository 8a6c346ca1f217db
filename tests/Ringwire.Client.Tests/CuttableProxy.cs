using System.Net;
using System.Net.Sockets;

namespace Ringwire.Client.Tests;

/// <summary>A TCP proxy on 127.0.0.1 whose connections a test can cut, and which can refuse new ones for a while.</summary>
internal sealed class CuttableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly Lock _lock = new();
    private readonly List<(TcpClient, TcpClient, Socket)> _pairs = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private bool _refusing;

    public CuttableProxy(Uri target)
    {
        _target = target;
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    public Uri Address { get; }

    public int Accepted { get; private set; }

    /// <summary>New connections are closed at once while refusing.</summary>
    public bool Refusing
    {
        get { lock (_lock) { return _refusing; } }
        set { lock (_lock) { _refusing = value; } }
    }

    /// <summary>Drops every open connection.</summary>
    public void Cut()
    {
        List<(TcpClient, TcpClient, Socket)> pairs;
        lock (_lock)
        {
            pairs = [.. _pairs];
            _pairs.Clear();
        }

        foreach (var (a, b, socket) in pairs)
        {
            try
            {
                // A reset, not a polite close: what a dropped network looks like to the client.
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (ObjectDisposedException)
            {
            }

            a.Dispose();
            b.Dispose();
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            if (Refusing)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            var upstream = new TcpClient();
            await upstream.ConnectAsync(_target.Host, _target.Port);
            lock (_lock)
            {
                Accepted++;
                _pairs.Add((client, upstream, client.Client));
            }

            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Cut();
        _stop.Dispose();
    }
}
