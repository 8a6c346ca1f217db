using Microsoft.Extensions.Logging;

namespace Ringwire.Server.Tests.Infrastructure;

/// <summary>Keeps the server's warnings and errors in memory instead of on the console, so tests can assert on them.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly List<string> _entries = [];

    public IReadOnlyList<string> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Entries at <see cref="LogLevel.Error"/> or above: a server bug or a failing store, never bad input.</summary>
    public IReadOnlyList<string> Errors => [.. Entries.Where(e => e.StartsWith("Error", StringComparison.Ordinal) || e.StartsWith("Critical", StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new CapturedLogger(this, categoryName);

    public void Dispose()
    {
    }

    internal void Add(string entry)
    {
        lock (_lock)
        {
            _entries.Add(entry);
        }
    }
}
