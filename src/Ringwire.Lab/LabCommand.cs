using System.CommandLine;

namespace Ringwire.Lab;

/// <summary>The Lab's command line: <c>dotnet run --project src/Ringwire.Lab -- apns-sim [options]</c>.</summary>
public static class LabCommand
{
    /// <summary>Exit code for options that cannot be used (a usage error, as in sysexits' EX_USAGE spirit).</summary>
    internal const int BadOptions = 2;

    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = new RootCommand("Ringwire Lab: emulated pieces of the outside world for development and tests.")
        {
            new ApnsSimCommand(output, error).Command,
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
