namespace Ringwire.Cli.Apns;

/// <summary>One checked thing: passed or not, in words, and for a failure what to do.</summary>
internal sealed record CheckLine(bool Passed, string Text, string? Remedy = null)
{
    public static CheckLine Ok(string text) => new(true, text);

    public static CheckLine Fail(string text, string? remedy = null) => new(false, text, remedy);

    public async Task WriteAsync(TextWriter writer)
    {
        await writer.WriteLineAsync($"  {(Passed ? "ok  " : "FAIL")}  {Text}");
        if (Remedy is not null)
        {
            await writer.WriteLineAsync($"        What to do: {Remedy}");
        }
    }
}
