using System.Collections.Concurrent;

namespace Ringwire.ApnsBench;

/// <summary>Pushes that were not delivered, counted by kind ("Retryable TooManyRequests 429", …).</summary>
internal sealed class ErrorTally
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string kind) => _counts.AddOrUpdate(kind, 1, static (_, count) => count + 1);

    /// <summary>Kinds ordered by count, most frequent first.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() =>
        _counts.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
}
