using System.Text;
using System.Threading.Channels;

namespace Ringwire.Testing;

/// <summary>A TextWriter whose lines a test can await one by one, for reading a running command's output.</summary>
public sealed class LineWriter : TextWriter
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _pending = new();
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    public override Encoding Encoding => Encoding.UTF8;

    private readonly List<string> _all = [];

    /// <summary>Every complete line so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _all];
            }
        }
    }

    public override void Write(char value)
    {
        lock (_lock)
        {
            if (value == '\n')
            {
                var line = _pending.ToString().TrimEnd('\r');
                _pending.Clear();
                _all.Add(line);
                _lines.Writer.TryWrite(line);
            }
            else
            {
                _pending.Append(value);
            }
        }
    }

    /// <summary>The next line that matches, skipping others.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(TestTimeout.Default);
        while (true)
        {
            var line = await _lines.Reader.ReadAsync(timeout.Token);
            if (match(line))
            {
                return line;
            }
        }
    }
}
