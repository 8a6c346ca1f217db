using System.Collections.Concurrent;

namespace Ringwire.Lab.Load;

/// <summary>Errors counted by kind ("http create 429 rate_limited", "timeout incoming", …).</summary>
internal sealed class ErrorTally
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string kind) => _counts.AddOrUpdate(kind, 1, static (_, count) => count + 1);

    /// <summary>Kinds ordered by count, most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() =>
        [.. _counts.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)];
}
