using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ringwire.Core;

/// <summary>
/// Push bodies (contract §7), built to fit Apple's size limits by cutting the caller name on a character (text
/// element) boundary, so that an emoji or accented letter is never split.
/// </summary>
public static class PushPayloads
{
    /// <summary>VoIP pushes may carry 5120 bytes (apns-protocol.md §1.2, Apple "Sending notification requests to APNs").</summary>
    public const int MaxVoipBytes = 5120;

    /// <summary>Every other push, the missed-call alert included, 4096 bytes (same source).</summary>
    public const int MaxAlertBytes = 4096;

    public static byte[] Voip(Call call, DateTimeOffset sentAt, string connectUrl, int maxBytes = MaxVoipBytes) =>
        Fit(call.CallerName, maxBytes, (writer, name) =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("ringwire");
            writer.WriteNumber("v", 1);
            writer.WriteString("callId", call.CallId.ToString("D"));
            writer.WriteString("from", call.From);
            if (name is not null)
            {
                writer.WriteString("callerName", name);
            }

            writer.WriteString("callerHandle", call.CallerHandle);
            writer.WriteString("handleType", HandleTypeName(call.HandleType));
            writer.WriteBoolean("video", call.Video);
            writer.WriteNumber("sentAt", sentAt.ToUnixTimeMilliseconds());
            writer.WriteNumber("ringUntil", call.RingUntil.ToUnixTimeMilliseconds());
            writer.WriteString("connect", connectUrl);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    public static byte[] MissedCallAlert(Call call, int maxBytes = MaxAlertBytes) =>
        Fit(call.CallerName ?? call.From, maxBytes, (writer, name) =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("aps");
            writer.WriteStartObject("alert");
            writer.WriteString("title", "Missed call");
            writer.WriteString("body", name);
            writer.WriteEndObject();
            writer.WriteString("sound", "default");
            writer.WriteEndObject();
            writer.WriteStartObject("ringwire");
            writer.WriteNumber("v", 1);
            writer.WriteString("callId", call.CallId.ToString("D"));
            writer.WriteString("event", "missed");
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    public static string HandleTypeName(HandleType type) => type switch
    {
        HandleType.PhoneNumber => "phoneNumber",
        HandleType.EmailAddress => "emailAddress",
        _ => "generic",
    };

    private static byte[] Fit(string? name, int maxBytes, Action<Utf8JsonWriter, string?> write)
    {
        var full = Write(name, write);
        if (full.Length <= maxBytes || string.IsNullOrEmpty(name))
        {
            return Ensure(full, maxBytes);
        }

        // Binary search for the most text elements of the name that still fit.
        var boundaries = StringInfo.ParseCombiningCharacters(name);
        int low = 0, high = boundaries.Length - 1;
        var best = Write(string.Empty, write);
        while (low <= high)
        {
            var mid = (low + high) / 2;
            var candidate = Write(name[..boundaries[mid]], write);
            if (candidate.Length <= maxBytes)
            {
                best = candidate;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return Ensure(best, maxBytes);
    }

    // Names in any script are written as UTF-8 rather than \u escapes (the body is JSON for APNs, never HTML);
    // only characters outside the Basic Multilingual Plane, such as emoji, are still escaped by the encoder.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static byte[] Write(string? name, Action<Utf8JsonWriter, string?> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer, name);
        }

        return buffer.WrittenSpan.ToArray();
    }

    // Validation bounds every other field, so an empty name always fits; anything else is a bug, not bad input.
    private static byte[] Ensure(byte[] payload, int maxBytes) => payload.Length <= maxBytes
        ? payload
        : throw new InvalidOperationException($"Push payload of {payload.Length} bytes exceeds {maxBytes} even without a caller name.");
}
