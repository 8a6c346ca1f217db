using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ringwire.Lab.Network;

namespace Ringwire.Lab.Tests;

public sealed class NetworkPathTests
{
    [Fact]
    public async Task Bytes_CrossThePathBothWays_EachWayLate()
    {
        await using var echo = EchoServer.Start();
        await using var path = NetworkPath.To(echo.Address);
        path.Latency = TimeSpan.FromMilliseconds(40);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, path.Address.Port).WithTimeout();
        var stream = client.GetStream();

        var start = Stopwatch.GetTimestamp();
        await stream.WriteAsync("ping"u8.ToArray());
        var reply = new byte[4];
        await stream.ReadExactlyAsync(reply).AsTask().WithTimeout();
        var first = Stopwatch.GetElapsedTime(start);
        start = Stopwatch.GetTimestamp();
        await stream.WriteAsync("pong"u8.ToArray());
        await stream.ReadExactlyAsync(reply).AsTask().WithTimeout();
        var second = Stopwatch.GetElapsedTime(start);

        // Timers may wake a few milliseconds early: the latency is what is asserted, not the timer's precision.
        Assert.Equal("pong"u8.ToArray(), reply);
        Assert.True(first >= TimeSpan.FromMilliseconds(160 - 5), $"The first exchange pays the TCP handshake too: {first.TotalMilliseconds} ms.");
        Assert.True(second >= TimeSpan.FromMilliseconds(80 - 5), $"A round trip takes two latencies: {second.TotalMilliseconds} ms.");
    }

    [Fact]
    public async Task Down_RefusesNewConnectionsAndCutsOpenOnes()
    {
        await using var echo = EchoServer.Start();
        await using var path = NetworkPath.To(echo.Address);
        using var open = new TcpClient();
        await open.ConnectAsync(IPAddress.Loopback, path.Address.Port).WithTimeout();
        var openStream = open.GetStream();
        await openStream.WriteAsync("a"u8.ToArray());
        await openStream.ReadExactlyAsync(new byte[1]).AsTask().WithTimeout();

        path.Down = true;

        Assert.True(await ReadEndsAsync(openStream));
        Assert.True(await NewConnectionFailsAsync(path), "A connection made while down is dropped at once.");
    }

    [Fact]
    public async Task Cut_DropsOpenConnectionsAndLetsNewOnesThrough()
    {
        await using var echo = EchoServer.Start();
        await using var path = NetworkPath.To(echo.Address);
        using var open = new TcpClient();
        await open.ConnectAsync(IPAddress.Loopback, path.Address.Port).WithTimeout();
        await open.GetStream().WriteAsync("a"u8.ToArray());
        await open.GetStream().ReadExactlyAsync(new byte[1]).AsTask().WithTimeout();

        path.Cut();

        Assert.True(await ReadEndsAsync(open.GetStream()));
        using var next = new TcpClient();
        await next.ConnectAsync(IPAddress.Loopback, path.Address.Port).WithTimeout();
        await next.GetStream().WriteAsync("b"u8.ToArray());
        var reply = new byte[1];
        await next.GetStream().ReadExactlyAsync(reply).AsTask().WithTimeout();
        Assert.Equal("b"u8.ToArray(), reply);
    }

    private static async Task<bool> NewConnectionFailsAsync(NetworkPath path)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, path.Address.Port).WithTimeout();
        }
        catch (SocketException)
        {
            return true;
        }

        return await ReadEndsAsync(client.GetStream());
    }

    private static async Task<bool> ReadEndsAsync(NetworkStream stream)
    {
        try
        {
            return await stream.ReadAsync(new byte[1]).AsTask().WithTimeout() == 0;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return true;
        }
    }

    /// <summary>Sends back whatever it receives.</summary>
    private sealed class EchoServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        private EchoServer()
        {
            _listener.Start();
            Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
            _ = AcceptAsync();
        }

        public Uri Address { get; }

        public static EchoServer Start() => new();

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = EchoAsync(client);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        private async Task EchoAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    await client.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
                {
                    // Peer gone.
                }
            }
        }
    }
}
