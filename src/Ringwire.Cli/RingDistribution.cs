using System.Globalization;
using Ringwire.Lab.Scenarios;

namespace Ringwire.Cli;

/// <summary>The benchmark's summary of many runs of one scenario: how long phones rang after the call was over.</summary>
internal static class RingDistribution
{
    public static string Describe(Scenario scenario, IReadOnlyList<ScenarioResult> results)
    {
        var rings = results.SelectMany(r => r.Rings).ToList();
        var ghosts = rings.Where(r => r.OverWhenPushArrived).Select(r => r.AfterEnd.TotalMilliseconds).Order().ToList();
        var afterEnd = rings.Where(r => !r.OverWhenPushArrived).Select(r => r.AfterEnd.TotalMilliseconds).Order().ToList();
        var passed = results.Count(r => r.Passed);
        return string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Name}: {results.Count} runs, {passed} passed, {results.Count - passed} failed\n" +
            $"  ghost ring (call over before its push arrived): {Line(ghosts)}\n" +
            $"  rang after the end (call ended while ringing):  {Line(afterEnd)}\n" +
            $"  runs without any ringing after the end: {results.Count(r => r.Rings.Count == 0)}");
    }

    private static string Line(List<double> sorted) => sorted.Count == 0
        ? "none"
        : string.Create(CultureInfo.InvariantCulture,
            $"n={sorted.Count} p50={At(sorted, 0.50):0.0} ms p99={At(sorted, 0.99):0.0} ms max={sorted[^1]:0.0} ms");

    private static double At(List<double> sorted, double quantile) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
}
