namespace Ringwire.Lab.Apns;

/// <summary>Turns the <see cref="ApnsFaults"/> in force into the fate of one valid request.</summary>
internal sealed class FaultStage(ApnsFaults faults, FaultDice dice)
{
    public FaultOutcome Decide(ApnsExchange candidate, DateTimeOffset now)
    {
        var latency = faults.AddedLatency + (faults.LatencyJitter * dice.Roll());
        var goAway = dice.Roll() < faults.GoAwayRate;

        if (faults.Override?.Invoke(candidate) is { } scripted && scripted.Status != 200)
        {
            // A scripted 410 needs its timestamp like a real one; "now" is when APNs learnt the token died.
            var timestamp = scripted.Status == 410 ? now.ToUnixTimeMilliseconds() : (long?)null;
            return new FaultOutcome(new ApnsAnswer(scripted.Status, scripted.Reason, timestamp), false, goAway, latency);
        }

        // One roll against stacked rates, so each rate is the share of requests that get that answer.
        var roll = dice.Roll();
        var bar = faults.ResetRate;
        if (roll < bar)
        {
            return new FaultOutcome(null, true, false, latency);
        }

        (double Rate, ApnsAnswer Answer)[] failures =
        [
            (faults.TooManyRequestsRate, new ApnsAnswer(429, ApnsReasons.TooManyRequests)),
            (faults.InternalServerErrorRate, new ApnsAnswer(500, ApnsReasons.InternalServerError)),
            (faults.ServiceUnavailableRate, new ApnsAnswer(503, ApnsReasons.ServiceUnavailable)),
            (faults.ShutdownRate, new ApnsAnswer(503, ApnsReasons.Shutdown)),
        ];
        foreach (var (rate, answer) in failures)
        {
            bar += rate;
            if (roll < bar)
            {
                return new FaultOutcome(answer, false, goAway, latency);
            }
        }

        return new FaultOutcome(null, false, goAway, latency);
    }
}
