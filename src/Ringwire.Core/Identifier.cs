namespace Ringwire.Core;

/// <summary>User and device ids: 1–128 characters of <c>A-Z a-z 0-9 . _ @ + -</c> (contract §2).</summary>
public static class Identifier
{
    public const int MaxLength = 128;

    /// <summary>The rule in words, for error messages.</summary>
    public const string Requirement = "Must be 1–128 characters of A-Z a-z 0-9 . _ @ + -.";

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '+' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
