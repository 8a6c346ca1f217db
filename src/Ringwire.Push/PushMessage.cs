using Ringwire.Core;

namespace Ringwire.Push;

/// <summary>One push to one device token. <see cref="Payload"/> is the finished JSON body.</summary>
public sealed record PushMessage(
    PushKind Kind,
    Guid CallId,
    string UserId,
    string DeviceId,
    string Token,
    ApnsEnvironment Environment,
    string? BundleId,
    ReadOnlyMemory<byte> Payload);
