using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ringwire.Push;

namespace Ringwire.Server.Observability;

/// <summary>Push outcomes and latency on the "Ringwire" meter, tagged by kind, result and the service's reason.</summary>
public sealed class PushMetrics
{
    public const string MeterName = "Ringwire";

    private readonly Counter<long> _outcomes;
    private readonly Histogram<double> _duration;

    public PushMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _outcomes = meter.CreateCounter<long>("ringwire.push.outcomes", "{push}", "Answers of push services, one per attempt.");
        _duration = meter.CreateHistogram<double>("ringwire.push.duration", "ms", "Time from sending a push to the service's answer.");
    }

    public void Record(PushKind kind, PushOutcome outcome, TimeSpan duration)
    {
        var tags = new TagList
        {
            { "kind", kind.ToString() },
            { "result", outcome.Result.ToString() },
            { "reason", outcome.Reason },
        };
        _outcomes.Add(1, tags);
        _duration.Record(duration.TotalMilliseconds, tags);
    }
}
