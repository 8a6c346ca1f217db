using System.Buffers;
using System.Text.Json;

namespace Ringwire.Client.Json;

/// <summary>Writes device → server messages by hand: small, and <c>mustReport</c> written even when null.</summary>
internal static class ChannelRequests
{
    public static byte[] Write(string type, string id, Guid? callId, string? reason = null, bool writeMustReport = false, bool? mustReport = null)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("id", id);
            if (callId is { } call)
            {
                writer.WriteString("callId", call.ToString("D"));
            }

            if (reason is not null)
            {
                writer.WriteString("reason", reason);
            }

            if (writeMustReport)
            {
                if (mustReport is { } must)
                {
                    writer.WriteBoolean("mustReport", must);
                }
                else
                {
                    writer.WriteNull("mustReport");
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
