using System.Text.Json;

namespace Ringwire.Lab.Load;

/// <summary>
/// The few members of a device-channel message the load run acts on. Read with Utf8JsonReader
/// straight from the receive buffer, so a frame costs only the strings it keeps.
/// </summary>
/// <param name="Type">hello, call, error, ok, pong, …</param>
/// <param name="Event">For call messages: incoming, answered, ended, …; null on replies.</param>
/// <param name="CallId">The <c>call.callId</c> member, when the message carries a call.</param>
/// <param name="ReplyTo">The id of the request this message answers.</param>
/// <param name="Code">For error messages: not_found, call_ended, …</param>
internal readonly record struct ServerFrame(string? Type, string? Event, string? CallId, string? ReplyTo, string? Code)
{
    public bool IsError => Type == "error";

    /// <summary>The terminal events of the contract: once one arrives, the call is over.</summary>
    public bool IsTerminalEvent => Event is "cancelled" or "declined" or "missed" or "unreachable" or "ended";

    public static bool TryParse(ReadOnlySpan<byte> utf8, out ServerFrame frame)
    {
        frame = default;
        string? type = null;
        string? callEvent = null;
        string? callId = null;
        string? replyTo = null;
        string? code = null;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    type = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("event"u8))
                {
                    callEvent = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("replyTo"u8))
                {
                    replyTo = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("code"u8))
                {
                    code = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("call"u8))
                {
                    callId = ReadCallId(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        frame = new ServerFrame(type, callEvent, callId, replyTo, code);
        return true;
    }

    /// <summary>Reads the value after a property name; null unless it is a string.</summary>
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    /// <summary>Reads the call object after its property name, keeping only callId.</summary>
    private static string? ReadCallId(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? callId = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("callId"u8))
            {
                callId = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return callId;
    }
}
