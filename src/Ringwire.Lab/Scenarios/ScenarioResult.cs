using System.Globalization;
using System.Text;

namespace Ringwire.Lab.Scenarios;

/// <summary>What a scenario run found: the failed expectations (none when it passed), the ring measures and the timeline.</summary>
public sealed record ScenarioResult(Scenario Scenario, IReadOnlyList<string> Failures, IReadOnlyList<RingMeasure> Rings,
    IReadOnlyList<ScenarioLine> Timeline, DateTimeOffset Start)
{
    public bool Passed => Failures.Count == 0;

    /// <summary>The timeline as people read it: milliseconds since the start, who, what; then the measures and the verdict.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Scenario.Name}: {Scenario.Title}");
        var width = Math.Max(6, Timeline.Count == 0 ? 0 : Timeline.Max(l => l.Who.Length));
        foreach (var line in Timeline)
        {
            var ms = (line.At - Start).TotalMilliseconds;
            text.AppendLine(CultureInfo.InvariantCulture, $"{ms,10:+0.0} ms  {line.Who.PadRight(width)}  {line.What}");
        }

        foreach (var ring in Rings)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  measure: {ring}");
        }

        text.AppendLine(Passed ? "  PASSED" : "  FAILED");
        foreach (var failure in Failures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  - {failure}");
        }

        return text.ToString();
    }
}
