using System.Diagnostics;
using Ringwire.Push;

namespace Ringwire.ApnsBench;

/// <summary>
/// Sends one message <c>count</c> times through one sender with a sliding window of <c>concurrency</c> pushes in flight:
/// each of <c>concurrency</c> loops sends the next push as soon as its previous one was answered. Single use.
/// </summary>
internal sealed class PushWindow(IPushSender sender, PushMessage message, int count)
{
    private readonly long[] _latencies = new long[count];
    private readonly ErrorTally _errors = new();
    private int _next = -1;
    private int _answered;

    public async Task<WindowResult> RunAsync(int concurrency, CancellationToken stop)
    {
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var collectionsBefore = Collections();
        var started = Stopwatch.GetTimestamp();

        var loops = new Task[Math.Min(concurrency, count)];
        for (var i = 0; i < loops.Length; i++)
        {
            loops[i] = Task.Run(() => LoopAsync(stop), CancellationToken.None);
        }

        await Task.WhenAll(loops);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var collections = Collections();
        var answered = _answered;
        var errors = _errors.Snapshot();
        return new WindowResult(
            Sent: answered,
            Delivered: answered - errors.Values.Sum(),
            Errors: errors,
            Elapsed: elapsed,
            Latency: LatencySummary.Of(_latencies[..answered]),
            CpuTime: Environment.CpuUsage.TotalTime - cpuBefore,
            AllocatedBytes: GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore,
            Gen0Collections: collections.Gen0 - collectionsBefore.Gen0,
            Gen2Collections: collections.Gen2 - collectionsBefore.Gen2);
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        int index;
        while (!stop.IsCancellationRequested && (index = Interlocked.Increment(ref _next)) < count)
        {
            var started = Stopwatch.GetTimestamp();

            // Not cancelled by Ctrl+C: a push on the wire is answered (or times out) and counted.
            var outcome = await sender.SendAsync(message, CancellationToken.None);
            var slot = Interlocked.Increment(ref _answered) - 1;
            _latencies[slot] = Stopwatch.GetTimestamp() - started;
            if (outcome.Result != PushResult.Delivered)
            {
                _errors.Add($"{outcome.Result} {outcome.Reason ?? "-"} {outcome.Status?.ToString() ?? "-"}");
            }
        }
    }

    private static (int Gen0, int Gen2) Collections() => (GC.CollectionCount(0), GC.CollectionCount(2));
}
