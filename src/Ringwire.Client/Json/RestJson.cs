using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ringwire.Client.Json;

/// <summary>Source-generated REST bodies: camelCase, RFC 3339 timestamps.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PlaceCallBody))]
[JsonSerializable(typeof(RegisterDeviceBody))]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(CallSnapshot))]
internal sealed partial class RestJson : JsonSerializerContext;
