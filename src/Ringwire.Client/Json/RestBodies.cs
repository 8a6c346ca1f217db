using System.Text.Json.Serialization;
using Ringwire.Core;

namespace Ringwire.Client.Json;

/// <summary>The body of <c>POST /v1/calls</c> (contract §5).</summary>
internal sealed record PlaceCallBody(
    string To,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallerName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallerHandle,
    HandleType HandleType,
    bool Video,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RingSeconds);

/// <summary>The body of <c>PUT /v1/devices/{deviceId}</c> (contract §4).</summary>
internal sealed record RegisterDeviceBody(
    Platform Platform,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? VoipToken,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AlertToken,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ApnsEnvironment? ApnsEnvironment,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BundleId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name);

/// <summary>The members of a problem document the library reads.</summary>
internal sealed record ProblemBody(string? Code, string? Detail, string? Title);
