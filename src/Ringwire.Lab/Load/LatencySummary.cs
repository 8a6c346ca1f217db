namespace Ringwire.Lab.Load;

/// <summary>Percentiles of one latency, in milliseconds; all zero when nothing was recorded.</summary>
internal sealed record LatencySummary(int Count, double P50Ms, double P99Ms, double MaxMs)
{
    public override string ToString() =>
        Count == 0
            ? "n/a (no samples)"
            : $"p50 {P50Ms,8:F2} ms   p99 {P99Ms,8:F2} ms   max {MaxMs,8:F2} ms   (n={Count})";
}
