using Ringwire.Core;

namespace Ringwire.Server.Json;

public sealed record DeviceView(
    string DeviceId,
    Platform Platform,
    string? VoipToken,
    string? AlertToken,
    string? FcmToken,
    ApnsEnvironment ApnsEnvironment,
    string? BundleId,
    string? Name,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LastSeenAt,
    PushHealthView PushHealth)
{
    public static DeviceView Of(Device device, PushHealthView health) => new(
        device.DeviceId, device.Platform, device.VoipToken, device.AlertToken, device.FcmToken, device.ApnsEnvironment,
        device.BundleId, device.Name, device.RegisteredAt, device.UpdatedAt, device.LastSeenAt, health);
}
