using System.CommandLine;

namespace Ringwire.Lab;

/// <summary>The Lab's command line: <c>dotnet run --project src/Ringwire.Lab -- apns-sim [options]</c>.</summary>
public static class LabCommand
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

    internal static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        CommandRun.RunAsync(new RootCommand("Ringwire Lab: emulated pieces of the outside world for development and tests.")
        {
            new ApnsSimCommand(output, error).Command,
        }, args, output, error, cancellationToken);
}
