namespace Ringwire.Bench;

/// <summary>
/// Reads a bench tool's arguments as <c>--name value</c> or <c>--name=value</c>, and the flags it names as
/// <c>--name</c> alone. Linked into each bench project, so the tools stay free of packages.
/// </summary>
internal static class OptionReader
{
    /// <summary>Calls <paramref name="apply"/> for each option in order (a flag's value is null); the first problem, or null.</summary>
    public static string? Read(IReadOnlyList<string> args, IReadOnlySet<string> flags, Func<string, string?, string?> apply)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? problem;
            if (flags.Contains(arg))
            {
                problem = apply(arg, null);
            }
            else if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                problem = $"unexpected argument '{arg}'";
            }
            else if (arg.IndexOf('=', StringComparison.Ordinal) is var equals and > 0)
            {
                problem = apply(arg[..equals], arg[(equals + 1)..]);
            }
            else if (i + 1 < args.Count)
            {
                problem = apply(arg, args[++i]);
            }
            else
            {
                problem = $"option {arg} needs a value";
            }

            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }
}
