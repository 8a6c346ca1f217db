using System.CommandLine;
using Ringwire.Lab;

namespace Ringwire.Cli;

/// <summary>The <c>ringwire</c> command line: <c>dotnet run --project src/Ringwire.Cli -- lab S4</c>.</summary>
public static class RingwireCommand
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

    internal static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        CommandRun.RunAsync(new RootCommand("Ringwire: the ringing service for VoIP apps.")
        {
            new LabScenarioCommand(output, error).Command,
        }, args, output, error, cancellationToken);
}
