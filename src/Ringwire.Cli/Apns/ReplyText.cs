using System.Globalization;
using Ringwire.Push.Apns;

namespace Ringwire.Cli.Apns;

/// <summary>Apple's answer as it came (status, apns-id, apns-unique-id, body, timestamp), then in plain words.</summary>
internal static class ReplyText
{
    public static async Task WriteAnswerAsync(TextWriter writer, ApnsReply reply)
    {
        var outcome = reply.Outcome;
        if (outcome.Status is not { } status)
        {
            await writer.WriteLineAsync($"  no answer: {outcome.Reason}{(reply.Failure is null ? "" : $" ({reply.Failure})")}");
            return;
        }

        await writer.WriteLineAsync($"  status          {status}");
        await WriteIfAsync(writer, "apns-id", reply.ApnsId);
        await WriteIfAsync(writer, "apns-unique-id", reply.ApnsUniqueId);
        await WriteIfAsync(writer, "body", reply.Body);
        await WriteIfAsync(writer, "reason", outcome.Reason);
        if (outcome.TokenInvalidSince is { } since)
        {
            // A2: with 410, the moment APNs learnt the token was no longer valid, in milliseconds.
            await WriteIfAsync(writer, "timestamp", string.Create(CultureInfo.InvariantCulture,
                $"{since.ToUnixTimeMilliseconds()} ({since.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ})"));
        }
    }

    public static async Task WriteDiagnosisAsync(TextWriter writer, ApnsDiagnosis diagnosis)
    {
        await writer.WriteLineAsync($"What it means: {diagnosis.Meaning}");
        await writer.WriteLineAsync($"What to do:    {diagnosis.Remedy}");
    }

    private static Task WriteIfAsync(TextWriter writer, string name, string? value) =>
        value is null ? Task.CompletedTask : writer.WriteLineAsync($"  {name,-15} {value}");
}
