using System.CommandLine;

namespace Ringwire.Lab;

/// <summary>How Ringwire's command lines run: parse errors in plain words with exit code 2, else the command's own code.</summary>
public static class CommandRun
{
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

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
