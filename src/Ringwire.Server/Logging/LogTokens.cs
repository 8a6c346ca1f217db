namespace Ringwire.Server.Logging;

/// <summary>Push tokens are credentials to a person's phone: logs carry only enough to tell them apart.</summary>
internal static class LogTokens
{
    public static string Redact(string? token) => token switch
    {
        null or "" => "(none)",
        { Length: <= 8 } => "…",
        _ => string.Concat(token.AsSpan(0, 6), "…"),
    };
}
