using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Ringwire.Server.Calls;

/// <summary>Builds the small JSON objects that trace events carry as detail.</summary>
internal static class TraceDetail
{
    public static string Of(params ReadOnlySpan<(string Name, object? Value)> members)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in members)
            {
                switch (value)
                {
                    case null:
                        continue;
                    case bool b:
                        writer.WriteBoolean(name, b);
                        break;
                    case int i:
                        writer.WriteNumber(name, i);
                        break;
                    case long l:
                        writer.WriteNumber(name, l);
                        break;
                    case double d:
                        writer.WriteNumber(name, d);
                        break;
                    default:
                        writer.WriteString(name, value.ToString());
                        break;
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
