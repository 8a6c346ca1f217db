using System.Text.Json;
using System.Text.Json.Serialization;
using Ringwire.Server.Json;

namespace Ringwire.Server.VirtualPhones;

/// <summary>Source-generated serialization for the lab's bodies: camelCase, RFC 3339 UTC timestamps, like <see cref="RestJson"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(Rfc3339UtcConverter)], RespectNullableAnnotations = false)]
[JsonSerializable(typeof(PhoneRequest))]
[JsonSerializable(typeof(PhoneCallRequest))]
[JsonSerializable(typeof(PhoneCallPlaced))]
[JsonSerializable(typeof(PhoneTapTaken))]
[JsonSerializable(typeof(LabView))]
[JsonSerializable(typeof(VirtualPhoneView))]
[JsonSerializable(typeof(VirtualPhoneList))]
internal sealed partial class LabJson : JsonSerializerContext;
