using System.Text.Json;

namespace Ringwire.Lab.Tests;

/// <summary>What a test client got back: status, Apple's reason and timestamp, and the headers that matter.</summary>
internal sealed record ApnsReply(int Status, string? Reason, long? Timestamp, string? ApnsId, string? UniqueId, string? ContentType, string Body, Version Version)
{
    public static async Task<ApnsReply> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        string? reason = null;
        long? timestamp = null;
        if (body.Length > 0)
        {
            using var json = JsonDocument.Parse(body);
            reason = json.RootElement.TryGetProperty("reason", out var r) ? r.GetString() : null;
            timestamp = json.RootElement.TryGetProperty("timestamp", out var t) ? t.GetInt64() : null;
        }

        return new ApnsReply(
            (int)response.StatusCode,
            reason,
            timestamp,
            Header(response, "apns-id"),
            Header(response, "apns-unique-id"),
            response.Content.Headers.ContentType?.MediaType,
            body,
            response.Version);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
