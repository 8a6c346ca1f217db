using Ringwire.Lab.Scenarios;
using Xunit.Abstractions;

namespace Ringwire.Scenarios.Tests;

/// <summary>
/// Every seed scenario (issue 4), end to end: real server on Kestrel and SQLite, real HTTP/2 pushes to the APNs
/// simulator, virtual iPhones enforcing Apple's rules, running apps built on Ringwire.Client. A failure prints the
/// scenario's whole timeline.
/// </summary>
public sealed class SeedScenarioTests(LabWorldFixture fixture, ITestOutputHelper output) : IClassFixture<LabWorldFixture>
{
    public static TheoryData<string> Names => [.. SeedScenarios.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Scenario_EndsRightOnEveryPhone(string name)
    {
        await using var run = new ScenarioRun(fixture.World, SeedScenarios.Find(name)!);

        var result = await run.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine(result.Describe());
        Assert.True(result.Passed, result.Describe());
    }
}
