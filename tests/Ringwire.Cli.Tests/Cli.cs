using Ringwire.Cli;

namespace Ringwire.Cli.Tests;

/// <summary>Runs <c>ringwire …</c> in process, as a shell would, and keeps what it printed.</summary>
internal static class Cli
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>No RINGWIRE_* variables, whatever the machine running the tests has set.</summary>
    public static string? NoEnvironment(string name) => null;

    public static async Task<CliResult> RunAsync(params string[] args) => await RunAsync(NoEnvironment, args);

    public static async Task<CliResult> RunAsync(Func<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await RingwireCommand.RunAsync(args, output, error, environment, CancellationToken.None).WaitAsync(Timeout);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
