using System.Diagnostics.Metrics;

namespace Ringwire.Server.Observability;

/// <summary>
/// <c>ringwire.ghost_ring.guards</c>: how often each <see cref="GhostRingGuard"/> kept a phone from ringing for a dead
/// call or from a second push. A rise says where calls and phones fall out of step (late pushes, slow networks, a
/// flapping push service); the guards themselves are what keeps it harmless.
/// </summary>
public sealed class GhostRingGuards
{
    private readonly Counter<long> _tripped;

    public GhostRingGuards(IMeterFactory meters)
    {
        var meter = meters.Create(PushMetrics.MeterName);
        _tripped = meter.CreateCounter<long>("ringwire.ghost_ring.guards", "{guard}",
            "Times the server kept a phone from ringing for a call that is over, or from a second VoIP push, by guard.");
    }

    /// <summary>The <c>guard</c> tag's value: snake_case, as the metric's tags are written.</summary>
    public static string Name(GhostRingGuard guard) => guard switch
    {
        GhostRingGuard.ClaimOfEndedCall => "claim_of_ended_call",
        GhostRingGuard.StaleEventDropped => "stale_event_dropped",
        GhostRingGuard.PushAfterEnd => "push_after_end",
        GhostRingGuard.RetryAfterEnd => "retry_after_end",
        GhostRingGuard.RetryNearRingUntil => "retry_near_ring_until",
        GhostRingGuard.UnconfirmedNotRetried => "unconfirmed_not_retried",
        GhostRingGuard.InFlightPushNotResent => "in_flight_push_not_resent",
        _ => throw new ArgumentOutOfRangeException(nameof(guard), guard, null),
    };

    public void Tripped(GhostRingGuard guard, int times = 1)
    {
        if (times > 0)
        {
            _tripped.Add(times, new KeyValuePair<string, object?>("guard", Name(guard)));
        }
    }
}
