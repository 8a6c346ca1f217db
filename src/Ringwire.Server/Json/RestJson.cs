using System.Text.Json;
using System.Text.Json.Serialization;
using Ringwire.Core;

namespace Ringwire.Server.Json;

/// <summary>Source-generated serialization for REST bodies: camelCase, RFC 3339 UTC timestamps.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    Converters = [typeof(Rfc3339UtcConverter), typeof(NameOnlyEnumConverter<Platform>), typeof(NameOnlyEnumConverter<ApnsEnvironment>),
        typeof(NameOnlyEnumConverter<HandleType>)],
    RespectNullableAnnotations = false)]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(DeviceRequest))]
[JsonSerializable(typeof(DeviceView))]
[JsonSerializable(typeof(DeviceList))]
[JsonSerializable(typeof(CallCreateRequest))]
[JsonSerializable(typeof(DeviceActionRequest))]
[JsonSerializable(typeof(CallView))]
[JsonSerializable(typeof(CallList))]
[JsonSerializable(typeof(TraceList))]
[JsonSerializable(typeof(DndRequest))]
[JsonSerializable(typeof(DndView))]
[JsonSerializable(typeof(BlockList))]
[JsonSerializable(typeof(HealthView))]
[JsonSerializable(typeof(ProblemDocument))]
[JsonSerializable(typeof(DeviceStatusList))]
[JsonSerializable(typeof(PushOutcomesView))]
internal sealed partial class RestJson : JsonSerializerContext;
