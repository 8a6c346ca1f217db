using System.Globalization;
using Ringwire.Lab.Scenarios;

namespace Ringwire.Cli;

/// <summary>The benchmark's summary of many runs of one scenario: how long phones rang after the call was over.</summary>
internal static class RingDistribution
{
    public static string Describe(Scenario scenario, IReadOnlyList<ScenarioResult> results)
    {
        var rings = results.SelectMany(r => r.Rings).ToList();
        var ghosts = rings.Where(r => r.OverWhenPushArrived).ToList();
        var afterEnd = rings.Where(r => !r.OverWhenPushArrived).ToList();
        var passed = results.Count(r => r.Passed);
        // Issue 4's goal: a ghost ring of at most one round trip + 10 ms, measured per run against that run's network.
        var withinGoal = ghosts.Count(r => r.AfterEnd <= r.RoundTrip + TimeSpan.FromMilliseconds(10));
        return string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Name}: {results.Count} runs, {passed} passed, {results.Count - passed} failed\n" +
            $"  ghost ring (call over before its push arrived): {Line(ghosts, r => r.AfterEnd)}\n" +
            $"    beyond one round trip:                        {Line(ghosts, r => r.AfterEnd - r.RoundTrip)}\n" +
            $"    beyond two round trips:                       {Line(ghosts, r => r.AfterEnd - (2 * r.RoundTrip))}\n" +
            $"    within one round trip + 10 ms: {withinGoal} of {ghosts.Count}\n" +
            $"  rang after the end (call ended while ringing):  {Line(afterEnd, r => r.AfterEnd)}\n" +
            $"  runs without any ringing after the end: {results.Count(r => r.Rings.Count == 0)}");
    }

    private static string Line(List<RingMeasure> rings, Func<RingMeasure, TimeSpan> measure) =>
        Line([.. rings.Select(r => measure(r).TotalMilliseconds).Order()]);

    private static string Line(List<double> sorted) => sorted.Count == 0
        ? "none"
        : string.Create(CultureInfo.InvariantCulture,
            $"n={sorted.Count} p50={At(sorted, 0.50):0.0} ms p99={At(sorted, 0.99):0.0} ms max={sorted[^1]:0.0} ms");

    private static double At(List<double> sorted, double quantile) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
}
