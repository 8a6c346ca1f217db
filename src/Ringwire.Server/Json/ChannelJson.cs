using System.Text.Json;
using System.Text.Json.Serialization;
using Ringwire.Core;

namespace Ringwire.Server.Json;

/// <summary>Source-generated serialization for the device channel: camelCase, epoch-millisecond timestamps.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(EpochMillisecondsConverter)])]
[JsonSerializable(typeof(ClientMessage))]
[JsonSerializable(typeof(HelloMessage))]
[JsonSerializable(typeof(CallMessage))]
[JsonSerializable(typeof(ReplyMessage))]
[JsonSerializable(typeof(ErrorMessage))]
internal sealed partial class ChannelJson : JsonSerializerContext;
