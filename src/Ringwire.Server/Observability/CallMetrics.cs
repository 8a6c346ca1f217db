using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ringwire.Core;

namespace Ringwire.Server.Observability;

/// <summary>What became of calls, on the "Ringwire" meter: how they ended, and how fast woken devices claimed them.</summary>
public sealed class CallMetrics
{
    private readonly Counter<long> _ended;
    private readonly Histogram<double> _claim;

    public CallMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(PushMetrics.MeterName);
        _ended = meter.CreateCounter<long>("ringwire.calls.ended", "{call}",
            "Calls that reached a terminal state, by state and endReason; each call once, on the node that ended it.");
        _claim = meter.CreateHistogram<double>("ringwire.claim.duration", "ms",
            "Time from a call being placed (its wake-up pushes leave then) to a callee device's first claim, by how the device heard of it.");
    }

    /// <summary>Call once per call, where its terminal state was written.</summary>
    public void Ended(Call call)
    {
        Debug.Assert(call.State.IsTerminal(), "Only a terminal call has ended.");
        _ended.Add(1, new TagList
        {
            // A terminal state's event name is the state's own name.
            { "state", call.State.EventName() },
            { "endReason", call.EndReason?.Name() },
        });
    }

    /// <param name="wokenBy"><c>push</c> when a wake-up push went to the device, <c>channel</c> when it heard of the call connected.</param>
    public void Claimed(TimeSpan afterPlaced, string wokenBy) =>
        _claim.Record(afterPlaced.TotalMilliseconds, new KeyValuePair<string, object?>("wokenBy", wokenBy));
}
