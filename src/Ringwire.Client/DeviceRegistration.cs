using Ringwire.Core;

namespace Ringwire.Client;

/// <summary>The body of <c>PUT /v1/devices/{deviceId}</c> (contract §4).</summary>
public sealed record DeviceRegistration
{
    /// <summary><c>ios</c>, <c>android</c> or <c>web</c> (no push: reachable only while connected).</summary>
    public Platform Platform { get; init; } = Platform.Ios;

    /// <summary>The PushKit token in hex (iOS).</summary>
    public string? VoipToken { get; init; }

    /// <summary>The regular APNs token in hex, for missed-call alerts (iOS, optional).</summary>
    public string? AlertToken { get; init; }

    /// <summary>Which APNs environment the tokens belong to (iOS).</summary>
    public ApnsEnvironment? ApnsEnvironment { get; init; }

    /// <summary>The app's bundle id, when it differs from the server's configured one (iOS).</summary>
    public string? BundleId { get; init; }

    /// <summary>A name for the device (≤ 64 characters).</summary>
    public string? Name { get; init; }
}
