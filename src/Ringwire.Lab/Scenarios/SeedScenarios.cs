using Ringwire.Lab.Scenarios.Seeds;

namespace Ringwire.Lab.Scenarios;

/// <summary>The scenarios from the developer threads in shared/seeds that Ringwire exists to answer (issue 4).</summary>
public static class SeedScenarios
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        S01LatePushAfterFlightMode.Before26_4,
        S01LatePushAfterFlightMode.From26_4,
        S02NoReportNeeded.InForeground,
        S02NoReportNeeded.OnACall,
        S03BusyWithoutCallWaiting.Scenario,
        S04CallerCancels.Scenario,
        S05CalleeDeclines.Scenario,
        S06ThreeDevices.OneAnswers,
        S06ThreeDevices.OneDeclines,
        S07AnswerBeforeClaim.Scenario,
        S08CancelledBeforeConnect.Scenario,
        S09ServerUnreachable.Scenario,
        S10NoPushAtAll.Blocked,
        S10NoPushAtAll.DoNotDisturb,
        S11MissedWhileOffline.Scenario,
        S12ProviderReset.Scenario,
        S13TwoCallersAtOnce.Scenario,
        S15NoNameNoHandle.Scenario,
        S16BrokenApp.Scenario,
    ];

    /// <summary>The scenario called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static Scenario? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
