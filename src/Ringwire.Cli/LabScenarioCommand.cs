using System.CommandLine;
using Ringwire.Lab;
using Ringwire.Lab.Scenarios;
using Ringwire.Server.Hosting;

namespace Ringwire.Cli;

/// <summary>
/// <c>lab</c>: runs seed scenarios in a fresh lab world (the real server in process, the APNs simulator, virtual
/// iPhones) and prints what each phone and the caller saw; with <c>--repeat</c>, the ring-after-end distribution.
/// </summary>
internal sealed class LabScenarioCommand
{
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    private readonly Argument<string[]> _names = new("scenario")
    {
        Description = "Scenarios to run, e.g. S4 S1-26.4, or 'all'. See --list.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<bool> _list = new("--list") { Description = "List the scenarios and stop." };

    private readonly Option<int> _repeat = new("--repeat")
    {
        Description = "Run each scenario this many times and print the ring-after-end distribution instead of timelines.",
        DefaultValueFactory = _ => 1,
    };

    private readonly Option<int> _randomDelayMs = new("--random-delay-ms")
    {
        Description = "Draw each phone's one-way network latency, and the caller's pauses, from 0 to this many ms (0: the scenario's own).",
    };

    private readonly Option<int?> _seed = new("--seed") { Description = "Seed for the random delays, for a repeatable run." };

    public LabScenarioCommand(TextWriter output, TextWriter error)
    {
        _output = output;
        _error = error;
        Command = new Command("lab", "Run seed scenarios against the real server with virtual iPhones, and print their timelines.")
        {
            _names, _list, _repeat, _randomDelayMs, _seed,
        };
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        if (parsed.GetValue(_list))
        {
            foreach (var scenario in SeedScenarios.All)
            {
                await _output.WriteLineAsync($"{scenario.Name,-14} {scenario.Title}");
            }

            return 0;
        }

        var names = parsed.GetValue(_names) ?? [];
        var repeat = parsed.GetValue(_repeat);
        var delayMs = parsed.GetValue(_randomDelayMs);
        var unknown = names.Where(n => SeedScenarios.Find(n) is null && !n.Equals("all", StringComparison.OrdinalIgnoreCase)).ToList();
        var problem = names.Length == 0 ? "name a scenario (or 'all'); --list shows them."
            : unknown.Count > 0 ? $"no scenario called {string.Join(", ", unknown)}; --list shows them."
            : repeat < 1 || delayMs < 0 ? "--repeat must be at least 1 and --random-delay-ms at least 0."
            : null;
        if (problem is not null)
        {
            await _error.WriteLineAsync("error: " + problem);
            return CommandRun.BadOptions;
        }

        var scenarios = names.Any(n => n.Equals("all", StringComparison.OrdinalIgnoreCase))
            ? SeedScenarios.All
            : [.. names.Select(n => SeedScenarios.Find(n)!)];
        var delays = delayMs > 0
            ? new ScenarioDelays(parsed.GetValue(_seed) is { } seed ? new Random(seed) : new Random(), TimeSpan.FromMilliseconds(delayMs))
            : null;
        await using var world = await LabWorld.StartAsync(LoopbackServer.StartForLabAsync, cancellationToken: cancellationToken);
        var failed = 0;
        foreach (var scenario in scenarios)
        {
            var results = new List<ScenarioResult>(repeat);
            for (var i = 0; i < repeat; i++)
            {
                await using var run = new ScenarioRun(world, scenario, delays, cancellationToken);
                var result = await run.RunAsync();
                results.Add(result);
                if (repeat == 1 || !result.Passed)
                {
                    await _output.WriteLineAsync(result.Describe());
                }
            }

            failed += results.Count(r => !r.Passed);
            if (repeat > 1)
            {
                await _output.WriteLineAsync(RingDistribution.Describe(scenario, results));
            }
        }

        return failed == 0 ? 0 : 1;
    }
}
