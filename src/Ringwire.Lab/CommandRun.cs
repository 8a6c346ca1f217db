using System.CommandLine;

namespace Ringwire.Lab;

/// <summary>How Ringwire's command lines run: parse errors in plain words with exit code 2, else the command's own code.</summary>
public static class CommandRun
{
    /// <summary>Exit code when the command ran and what it did or checked failed (a push not delivered, a failed check).</summary>
    public const int Failed = 1;

    /// <summary>Exit code for options that cannot be used (a usage error, as in sysexits' EX_USAGE spirit).</summary>
    public const int BadOptions = 2;

    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
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

        // Ctrl+C cancels the command's token; a command then gets this long to finish (a load run drains its calls and
        // prints its report) before the process ends anyway.
        var invocation = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromSeconds(20) };
        return await parsed.InvokeAsync(invocation, cancellationToken);
    }
}
