namespace Ringwire.ApnsBench;

/// <summary>What one <see cref="PushWindow"/> run measured, including this process's cost (CPU, allocations, GCs).</summary>
internal sealed record WindowResult(
    int Sent,
    long Delivered,
    IReadOnlyDictionary<string, long> Errors,
    TimeSpan Elapsed,
    LatencySummary Latency,
    TimeSpan CpuTime,
    long AllocatedBytes,
    int Gen0Collections,
    int Gen2Collections);
