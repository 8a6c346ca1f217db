using System.Text.Json.Serialization;

namespace Ringwire.Core;

/// <summary>The kind of handle CallKit shows for the caller (<c>CXHandle.HandleType</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HandleType>))]
public enum HandleType
{
    [JsonStringEnumMemberName("generic")] Generic,
    [JsonStringEnumMemberName("phoneNumber")] PhoneNumber,
    [JsonStringEnumMemberName("emailAddress")] EmailAddress,
}
