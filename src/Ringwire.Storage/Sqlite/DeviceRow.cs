using Ringwire.Core;

namespace Ringwire.Storage.Sqlite;

/// <summary>A <c>devices</c> row as Dapper reads it.</summary>
internal sealed class DeviceRow
{
    public const string Columns = """
        user_id AS UserId, device_id AS DeviceId, platform AS Platform, voip_token AS VoipToken,
        alert_token AS AlertToken, fcm_token AS FcmToken, apns_environment AS ApnsEnvironment, bundle_id AS BundleId,
        name AS Name, registered_at AS RegisteredAt, updated_at AS UpdatedAt, last_seen_at AS LastSeenAt
        """;

    public string UserId { get; init; } = "";
    public string DeviceId { get; init; } = "";
    public string Platform { get; init; } = "";
    public string? VoipToken { get; init; }
    public string? AlertToken { get; init; }
    public string? FcmToken { get; init; }
    public string ApnsEnvironment { get; init; } = "";
    public string? BundleId { get; init; }
    public string? Name { get; init; }
    public long RegisteredAt { get; init; }
    public long UpdatedAt { get; init; }
    public long? LastSeenAt { get; init; }

    public Device ToDevice() => new()
    {
        UserId = UserId,
        DeviceId = DeviceId,
        Platform = SqliteEncoding.ToPlatform(Platform),
        VoipToken = VoipToken,
        AlertToken = AlertToken,
        FcmToken = FcmToken,
        ApnsEnvironment = SqliteEncoding.ToApnsEnvironment(ApnsEnvironment),
        BundleId = BundleId,
        Name = Name,
        RegisteredAt = SqliteEncoding.ToTime(RegisteredAt),
        UpdatedAt = SqliteEncoding.ToTime(UpdatedAt),
        LastSeenAt = SqliteEncoding.ToTime(LastSeenAt),
    };

    /// <summary>The parameters of an insert of every column (named after the columns).</summary>
    public static object Parameters(Device device) => new
    {
        user_id = device.UserId,
        device_id = device.DeviceId,
        platform = SqliteEncoding.Text(device.Platform),
        voip_token = device.VoipToken,
        alert_token = device.AlertToken,
        fcm_token = device.FcmToken,
        apns_environment = SqliteEncoding.Text(device.ApnsEnvironment),
        bundle_id = device.BundleId,
        name = device.Name,
        registered_at = SqliteEncoding.Ms(device.RegisteredAt),
        updated_at = SqliteEncoding.Ms(device.UpdatedAt),
        last_seen_at = SqliteEncoding.Ms(device.LastSeenAt),
    };
}
