using System.Diagnostics;

namespace Ringwire.ApnsBench;

/// <summary>Percentiles of the push latency (send → answer), in milliseconds; all zero when nothing was recorded.</summary>
internal sealed record LatencySummary(int Count, double P50Ms, double P99Ms, double MaxMs)
{
    /// <summary>Nearest-rank percentiles of Stopwatch-tick durations; sorts <paramref name="ticks"/> in place.</summary>
    public static LatencySummary Of(long[] ticks)
    {
        if (ticks.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0);
        }

        Array.Sort(ticks);
        return new LatencySummary(ticks.Length, Percentile(ticks, 0.50), Percentile(ticks, 0.99), ToMilliseconds(ticks[^1]));
    }

    public override string ToString() =>
        Count == 0
            ? "n/a (no samples)"
            : $"p50 {P50Ms,8:F2} ms   p99 {P99Ms,8:F2} ms   max {MaxMs,8:F2} ms   (n={Count})";

    private static double Percentile(long[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return ToMilliseconds(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }

    private static double ToMilliseconds(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 3);
}
