using System.Diagnostics;

namespace Ringwire.Lab.Load;

/// <summary>
/// Collects Stopwatch-tick durations; percentiles come from one sorted copy at the end,
/// which at a few thousand samples per second is cheaper than any histogram bookkeeping.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly Lock _lock = new();
    private readonly List<long> _ticks = new(capacity: 16 * 1024);

    public void Record(long elapsedTicks)
    {
        lock (_lock)
        {
            _ticks.Add(Math.Max(0, elapsedTicks));
        }
    }

    public LatencySummary Summarize()
    {
        long[] sorted;
        lock (_lock)
        {
            sorted = [.. _ticks];
        }

        if (sorted.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0);
        }

        Array.Sort(sorted);
        return new LatencySummary(
            sorted.Length,
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.99),
            ToMilliseconds(sorted[^1]));
    }

    /// <summary>Nearest-rank percentile: the smallest sample with at least p of all samples at or below it.</summary>
    private static double Percentile(long[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return ToMilliseconds(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }

    // Microsecond resolution is plenty for a report and keeps the JSON readable.
    private static double ToMilliseconds(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 3);
}
