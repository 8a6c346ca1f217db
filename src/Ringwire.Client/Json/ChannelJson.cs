using System.Text.Json;
using System.Text.Json.Serialization;
using Ringwire.Core;

namespace Ringwire.Client.Json;

/// <summary>Source-generated reading of device-channel messages: camelCase, epoch-millisecond timestamps.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(EpochMillisecondsConverter)])]
[JsonSerializable(typeof(ServerMessage))]
internal sealed partial class ChannelJson : JsonSerializerContext;
