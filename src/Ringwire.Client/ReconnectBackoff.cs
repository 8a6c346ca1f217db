namespace Ringwire.Client;

/// <summary>Delays between reconnect attempts: exponential from <see cref="Minimum"/> to <see cref="Maximum"/>, jittered.</summary>
public sealed record ReconnectBackoff
{
    /// <summary>The bound of the first delay.</summary>
    public TimeSpan Minimum { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The largest bound a delay can reach.</summary>
    public TimeSpan Maximum { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How each delay is randomised under its bound.</summary>
    public BackoffJitter Jitter { get; init; } = BackoffJitter.Full;

    /// <summary>The delay before attempt <paramref name="attempt"/> (0 for the first retry), given a random number in [0, 1).</summary>
    public TimeSpan DelayFor(int attempt, double random)
    {
        var min = Math.Max(Minimum.TotalMilliseconds, 1);
        var max = Math.Max(Maximum.TotalMilliseconds, min);
        var bound = Math.Min(max, min * Math.Pow(2, Math.Clamp(attempt, 0, 30)));
        var delay = Jitter == BackoffJitter.Equal ? (bound / 2) + (random * bound / 2) : random * bound;
        return TimeSpan.FromMilliseconds(delay);
    }
}
