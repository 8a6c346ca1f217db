using System.Text.Json;

namespace Ringwire.ApnsBench;

/// <summary>The figures of one measured run, printed as text and optionally written as JSON (same members).</summary>
internal sealed class BenchReport
{
    private static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public required string Endpoint { get; init; }

    public required int Count { get; init; }

    public required int Concurrency { get; init; }

    public required int Warmup { get; init; }

    /// <summary>The warm-up's rate: a freshly started process, while the JIT is still at work.</summary>
    public required double WarmupPushesPerSecond { get; init; }

    public required double WarmupCpuMicrosecondsPerPush { get; init; }

    public required int BodyBytes { get; init; }

    public required int Sent { get; init; }

    public required long Delivered { get; init; }

    public required long ErrorTotal { get; init; }

    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    public required double Seconds { get; init; }

    public required double PushesPerSecond { get; init; }

    public required LatencySummary Latency { get; init; }

    /// <summary>CPU time of this process (all threads) during the measured phase.</summary>
    public required double ClientCpuSeconds { get; init; }

    public required double ClientCpuMicrosecondsPerPush { get; init; }

    public required long AllocatedBytesPerPush { get; init; }

    public required int Gen0Collections { get; init; }

    public required int Gen2Collections { get; init; }

    public static BenchReport Create(BenchOptions options, int bodyBytes, WindowResult? warmup, WindowResult result)
    {
        var seconds = result.Elapsed.TotalSeconds;
        var sent = Math.Max(1, result.Sent);
        return new BenchReport
        {
            Endpoint = options.Endpoint!.AbsoluteUri,
            Count = options.Count,
            Concurrency = options.Concurrency,
            Warmup = options.Warmup,
            WarmupPushesPerSecond = warmup is { Sent: > 0 } ? Math.Round(warmup.Sent / warmup.Elapsed.TotalSeconds, 1) : 0,
            WarmupCpuMicrosecondsPerPush = warmup is { Sent: > 0 } ? Math.Round(warmup.CpuTime.TotalMicroseconds / warmup.Sent, 1) : 0,
            BodyBytes = bodyBytes,
            Sent = result.Sent,
            Delivered = result.Delivered,
            ErrorTotal = result.Sent - result.Delivered,
            Errors = result.Errors,
            Seconds = Math.Round(seconds, 3),
            PushesPerSecond = seconds > 0 ? Math.Round(result.Sent / seconds, 1) : 0,
            Latency = result.Latency,
            ClientCpuSeconds = Math.Round(result.CpuTime.TotalSeconds, 3),
            ClientCpuMicrosecondsPerPush = Math.Round(result.CpuTime.TotalMicroseconds / sent, 1),
            AllocatedBytesPerPush = result.AllocatedBytes / sent,
            Gen0Collections = result.Gen0Collections,
            Gen2Collections = result.Gen2Collections,
        };
    }

    public void WriteText(TextWriter writer)
    {
        writer.WriteLine($"Ringwire ApnsSender against {Endpoint}");
        writer.WriteLine($"  pushes               {Sent} of {Count} ({BodyBytes}-byte VoIP body), {Concurrency} in flight, after {Warmup} warm-up pushes");
        if (Warmup > 0)
        {
            writer.WriteLine($"  warm-up              {WarmupPushesPerSecond:0.0} pushes/s, {WarmupCpuMicrosecondsPerPush:0.0} µs CPU/push (not measured)");
        }

        writer.WriteLine($"  delivered            {Delivered}");
        writer.WriteLine($"  errors               {ErrorTotal}");
        foreach (var (kind, count) in Errors)
        {
            writer.WriteLine($"    {count,8}  {kind}");
        }

        writer.WriteLine($"  achieved             {PushesPerSecond:0.0} pushes/s in {Seconds:0.000} s");
        writer.WriteLine($"  latency              {Latency}");
        writer.WriteLine($"  client cost          {ClientCpuSeconds:0.000} s CPU ({ClientCpuMicrosecondsPerPush:0.0} µs/push), {AllocatedBytesPerPush} B allocated/push, {Gen0Collections} gen0 / {Gen2Collections} gen2 GCs");
    }

    public async Task WriteJsonAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, JsonOptions, cancellationToken);
    }
}
