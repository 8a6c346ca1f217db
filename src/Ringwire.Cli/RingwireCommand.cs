using System.CommandLine;

namespace Ringwire.Cli;

/// <summary>The <c>ringwire</c> command line: <c>dotnet run --project src/Ringwire.Cli -- lab S4</c>.</summary>
public static class RingwireCommand
{
    /// <summary>Exit code for options that cannot be used.</summary>
    internal const int BadOptions = 2;

    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = new RootCommand("Ringwire: the ringing service for VoIP apps.")
        {
            new LabScenarioCommand(output, error).Command,
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {problem.Message}");
            }

            await error.WriteLineAsync("Run with --help for the options.");
            return BadOptions;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
