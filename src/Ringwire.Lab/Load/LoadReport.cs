using System.Text.Json;

namespace Ringwire.Lab.Load;

/// <summary>The figures of one run, printed as text and optionally written as JSON (same members).</summary>
internal sealed class LoadReport
{
    public required string Url { get; init; }

    public required int Callees { get; init; }

    public required int Callers { get; init; }

    public required double TargetRate { get; init; }

    public required double AnswerFraction { get; init; }

    public required int Concurrency { get; init; }

    public required double MeasuredSeconds { get; init; }

    /// <summary>Calls due by the schedule.</summary>
    public required long Scheduled { get; init; }

    /// <summary>Calls for which POST /v1/calls was sent.</summary>
    public required long Attempted { get; init; }

    public required long SkippedCalleeBusy { get; init; }

    public required long SkippedConcurrencyLimit { get; init; }

    /// <summary>Answered and hung up, plus cancelled by the caller after ringing.</summary>
    public required long Completed { get; init; }

    public required long CompletedAnswered { get; init; }

    public required long CompletedCancelled { get; init; }

    public required double SetUpsPerSecond { get; init; }

    public required long ErrorTotal { get; init; }

    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    public required long StrayCallsDeclined { get; init; }

    public required LatencySummary CreateLatency { get; init; }

    public required LatencySummary RingLatency { get; init; }

    public required LatencySummary AnswerToEventLatency { get; init; }

    public static LoadReport Create(LoadOptions options, RunMetrics metrics, TimeSpan measured)
    {
        var completed = metrics.CompletedAnswered + metrics.CompletedCancelled;
        var errors = metrics.Errors.Snapshot();
        return new LoadReport
        {
            Url = string.Join(",", options.Urls.Select(u => u.AbsoluteUri)),
            Callees = options.Devices,
            Callers = options.Callers,
            TargetRate = options.Rate,
            AnswerFraction = options.AnswerFraction,
            Concurrency = options.Concurrency,
            MeasuredSeconds = Math.Round(measured.TotalSeconds, 3),
            Scheduled = metrics.Scheduled,
            Attempted = metrics.Attempted,
            SkippedCalleeBusy = metrics.SkippedBusy,
            SkippedConcurrencyLimit = metrics.SkippedConcurrency,
            Completed = completed,
            CompletedAnswered = metrics.CompletedAnswered,
            CompletedCancelled = metrics.CompletedCancelled,
            SetUpsPerSecond = measured > TimeSpan.Zero ? Math.Round(completed / measured.TotalSeconds, 1) : 0,
            ErrorTotal = errors.Sum(pair => pair.Value),
            Errors = errors.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal),
            StrayCallsDeclined = metrics.StrayCallsDeclined,
            CreateLatency = metrics.CreateLatency.Summarize(),
            RingLatency = metrics.RingLatency.Summarize(),
            AnswerToEventLatency = metrics.AnswerToEventLatency.Summarize(),
        };
    }

    public void WriteText(TextWriter writer)
    {
        writer.WriteLine();
        writer.WriteLine($"Ringwire load run against {Url}");
        writer.WriteLine($"  callees x2 devices   {Callees} ({Callers} callers)");
        writer.WriteLine($"  offered              {TargetRate:0.#} calls/s for {MeasuredSeconds:0.###} s, answer fraction {AnswerFraction:0.###}, concurrency {Concurrency}");
        writer.WriteLine($"  scheduled            {Scheduled}");
        writer.WriteLine($"  attempted            {Attempted}");
        writer.WriteLine($"  skipped              {SkippedCalleeBusy} callee busy, {SkippedConcurrencyLimit} concurrency limit");
        writer.WriteLine($"  completed set-ups    {Completed} ({CompletedAnswered} answered and hung up, {CompletedCancelled} cancelled by caller)");
        writer.WriteLine($"  achieved             {SetUpsPerSecond:0.0} set-ups/s");
        writer.WriteLine($"  errors               {ErrorTotal}");
        foreach (var (kind, count) in Errors.OrderByDescending(pair => pair.Value))
        {
            writer.WriteLine($"    {count,8}  {kind}");
        }

        if (StrayCallsDeclined > 0)
        {
            writer.WriteLine($"  stray calls declined {StrayCallsDeclined} (ringing calls this run did not place)");
        }

        if (Errors.Keys.Any(kind => kind.StartsWith("http create 429", StringComparison.Ordinal)))
        {
            // The server's per-user limit (docs/protocol.md) is far below load-test rates.
            writer.WriteLine("  hint: 429 on create is the per-user call limit; start the server with");
            writer.WriteLine("        Ringwire__RateLimits__CallsPerMinutePerUser=0 for a load run");
        }

        writer.WriteLine($"  create call          {CreateLatency}");
        writer.WriteLine($"  create -> incoming   {RingLatency}");
        writer.WriteLine($"  answer -> event      {AnswerToEventLatency}");
    }

    public async Task WriteJsonAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, LoadJson.Default.LoadReport, cancellationToken);
    }
}
