namespace Ringwire.Lab.Scenarios;

/// <summary>
/// Random network latencies and pauses for repeated runs (the ghost-ring benchmark); without them a scenario uses its
/// own fixed values, so tests are repeatable.
/// </summary>
/// <param name="Random">The source of randomness (seed it for a repeatable benchmark).</param>
/// <param name="Max">The largest latency or pause drawn.</param>
public sealed record ScenarioDelays(Random Random, TimeSpan Max)
{
    /// <summary>A delay drawn uniformly from zero to <see cref="Max"/>.</summary>
    public TimeSpan Next()
    {
        lock (Random)
        {
            return Max * Random.NextDouble();
        }
    }
}
