using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Ringwire.Server.Tests.Infrastructure;

/// <summary>
/// A plain TCP connection that performs the WebSocket handshake by hand and then does nothing a WebSocket client
/// would: it never answers a ping. Also shows exactly what the server answers an upgrade it refuses.
/// </summary>
public sealed class RawWebSocketClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawWebSocketClient(TcpClient tcp, int status, IReadOnlyDictionary<string, string> headers, string body)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        Status = status;
        Headers = headers;
        Body = body;
    }

    public int Status { get; }

    /// <summary>Response headers, names in lower case.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public string Body { get; }

    public static async Task<RawWebSocketClient> OpenAsync(Uri baseAddress, string pathAndQuery)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port).DefaultTimeout();
            var stream = tcp.GetStream();
            var request =
                $"GET {pathAndQuery} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request)).AsTask().DefaultTimeout();

            var head = await ReadHeadAsync(stream);
            var lines = head.Split("\r\n");
            var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
            var headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
                .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim().ToLowerInvariant(),
                    l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
            var body = "";
            if (status != 101 && headers.TryGetValue("content-length", out var length))
            {
                var bytes = new byte[int.Parse(length, CultureInfo.InvariantCulture)];
                await stream.ReadExactlyAsync(bytes).AsTask().DefaultTimeout();
                body = Encoding.UTF8.GetString(bytes);
            }
            else if (status != 101 && headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                body = await ReadChunkedAsync(stream);
            }

            return new RawWebSocketClient(tcp, status, headers, body);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads and discards whatever the server sends (its hello, its pings) until it closes the connection; returns
    /// how many bytes came.
    /// </summary>
    public async Task<long> ReadUntilClosedAsync()
    {
        var buffer = new byte[4096];
        long total = 0;
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer)) > 0)
            {
                total += read;
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }

        return total;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
    }

    private static async Task<string> ReadChunkedAsync(NetworkStream stream)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(stream);
            var size = int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                await ReadLineAsync(stream);
                return Encoding.UTF8.GetString(body.ToArray());
            }

            var chunk = new byte[size];
            await stream.ReadExactlyAsync(chunk).AsTask().DefaultTimeout();
            body.Write(chunk);
            await ReadLineAsync(stream);
        }
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one).AsTask().DefaultTimeout() == 0)
            {
                throw new IOException($"The server closed the connection inside a chunked body: '{line}'");
            }

            line.Append((char)one[0]);
        }

        return line.ToString()[..^2];
    }

    // Byte by byte up to the blank line, so not one byte of what follows the head is consumed.
    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one).AsTask().DefaultTimeout() == 0)
            {
                throw new IOException($"The server closed the connection inside the response head: '{head}'");
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
