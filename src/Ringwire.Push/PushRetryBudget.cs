namespace Ringwire.Push;

/// <summary>
/// When to try a refused push again. Contract §7: retry with backoff only while the call still rings and its
/// <c>ringUntil</c> is more than <see cref="Margin"/> away; a push that arrives later would ring a phone for a call
/// about to time out. A2 asks for back-off on 429 and 5xx; jitter keeps many calls from retrying in step.
/// </summary>
public sealed class PushRetryBudget(TimeSpan firstDelay, TimeSpan longestDelay, Func<double> random)
{
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    public static PushRetryBudget Default { get; } = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2), Random.Shared.NextDouble);

    /// <summary>The wait before the next attempt after <paramref name="failures"/> refused ones, or null to give up.</summary>
    public TimeSpan? NextDelay(int failures, DateTimeOffset now, DateTimeOffset ringUntil)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var backoff = firstDelay * Math.Pow(2, Math.Min(failures - 1, 16));
        if (backoff > longestDelay)
        {
            backoff = longestDelay;
        }

        // "Equal jitter": between half and all of the backoff, so waits still grow.
        var delay = backoff * (0.5 + (random() / 2));
        return now + delay < ringUntil - Margin ? delay : null;
    }
}
