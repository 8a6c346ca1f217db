using Ringwire.Cli;
using Ringwire.Lab;

namespace Ringwire.Scenarios.Tests;

/// <summary><c>ringwire lab</c>: the scenario runner for people.</summary>
public sealed class LabScenarioCommandTests
{
    [Fact]
    public async Task List_NamesEveryScenario()
    {
        var (code, output, _) = await RunAsync("lab", "--list");

        Assert.Equal(0, code);
        foreach (var scenario in Lab.Scenarios.SeedScenarios.All)
        {
            Assert.Contains(scenario.Name, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("S99")]
    [InlineData("S4", "--repeat", "0")]
    public async Task BadArguments_ExitWithUsageErrorAndSayWhy(params string[] args)
    {
        var (code, _, error) = await RunAsync(["lab", .. args]);

        Assert.Equal(CommandRun.BadOptions, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_PrintsItsTimelineWithServerAndPhonesAndPasses()
    {
        var (code, output, _) = await RunAsync("lab", "S4");

        Assert.Equal(0, code);
        Assert.Contains("S4: the caller cancels while the phone rings", output, StringComparison.Ordinal);
        Assert.Contains("bob's iPhone    RingingStarted", output, StringComparison.Ordinal);
        Assert.Contains("server          push.sent", output, StringComparison.Ordinal);
        Assert.Contains("reason RemoteEnded (2)", output, StringComparison.Ordinal);
        Assert.Contains("PASSED", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeat_PrintsTheRingDistribution()
    {
        var (code, output, _) = await RunAsync("lab", "S8", "--repeat", "3", "--random-delay-ms", "20", "--seed", "7");

        Assert.Equal(0, code);
        Assert.Contains("S8: 3 runs, 3 passed, 0 failed", output, StringComparison.Ordinal);
        Assert.Contains("rang after the end (call ended while ringing):", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await RingwireCommand.RunAsync(args, output, error, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        return (code, output.ToString(), error.ToString());
    }
}
