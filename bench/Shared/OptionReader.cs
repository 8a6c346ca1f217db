using System.Globalization;

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

    /// <summary>Sets a whole number within bounds, or says what is wrong with it.</summary>
    public static string? Int(string name, string value, int min, int max, Action<int> set)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            || parsed < min || parsed > max)
        {
            return $"{name} must be a whole number from {min} to {max}, got '{value}'";
        }

        set(parsed);
        return null;
    }

    /// <summary>Sets a finite number within bounds, or says what is wrong with it.</summary>
    public static string? Number(string name, string value, double min, double max, Action<double> set)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            || !double.IsFinite(parsed) || parsed < min || parsed > max)
        {
            return $"{name} must be a number from {min} to {max}, got '{value}'";
        }

        set(parsed);
        return null;
    }
}
