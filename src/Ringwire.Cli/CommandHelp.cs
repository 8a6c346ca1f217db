using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Ringwire.Cli;

/// <summary>
/// <c>--help</c> that teaches: after the usual sections, the command's examples, and the exit codes every command
/// shares.
/// </summary>
internal static class CommandHelp
{
    public const string ExitCodes = """
        Exit codes:
          0  success
          1  the command ran and what it did or checked failed: a push not delivered, a failed check,
             a server that could not start or be reached, errors during a load run
          2  bad usage: unknown or missing options, values that cannot be used
        """;

    /// <summary>Makes <paramref name="root"/>'s help (and so its commands') end with examples and exit codes.</summary>
    public static void Teach(RootCommand root, IReadOnlyDictionary<Command, string> examples, TextWriter output)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new TeachingHelpAction((HelpAction)help.Action!, examples, output);
    }

    private sealed class TeachingHelpAction(HelpAction standard, IReadOnlyDictionary<Command, string> examples, TextWriter output)
        : SynchronousCommandLineAction
    {
        // As the standard help: asking for help is never a usage error, whatever else is missing.
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var code = standard.Invoke(parseResult);
            if (examples.TryGetValue(parseResult.CommandResult.Command, out var text))
            {
                output.WriteLine("Examples:");
                foreach (var line in text.Split('\n'))
                {
                    output.WriteLine("  " + line.TrimEnd('\r'));
                }

                output.WriteLine();
            }

            output.WriteLine(ExitCodes);
            return code;
        }
    }
}
