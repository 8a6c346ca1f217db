using Ringwire.Core;

namespace Ringwire.Storage.Postgres;

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
    public DateTime RegisteredAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? LastSeenAt { get; init; }

    public Device ToDevice() => new()
    {
        UserId = UserId,
        DeviceId = DeviceId,
        Platform = StoredNames.ToPlatform(Platform),
        VoipToken = VoipToken,
        AlertToken = AlertToken,
        FcmToken = FcmToken,
        ApnsEnvironment = StoredNames.ToApnsEnvironment(ApnsEnvironment),
        BundleId = BundleId,
        Name = Name,
        RegisteredAt = PostgresEncoding.ToTime(RegisteredAt),
        UpdatedAt = PostgresEncoding.ToTime(UpdatedAt),
        LastSeenAt = PostgresEncoding.ToTime(LastSeenAt),
    };

    /// <summary>The parameters of an insert of every column (named after the columns).</summary>
    public static object Parameters(Device device) => new
    {
        user_id = device.UserId,
        device_id = device.DeviceId,
        platform = StoredNames.Text(device.Platform),
        voip_token = device.VoipToken,
        alert_token = device.AlertToken,
        fcm_token = device.FcmToken,
        apns_environment = StoredNames.Text(device.ApnsEnvironment),
        bundle_id = device.BundleId,
        name = device.Name,
        registered_at = PostgresEncoding.Time(device.RegisteredAt),
        updated_at = PostgresEncoding.Time(device.UpdatedAt),
        last_seen_at = PostgresEncoding.Time(device.LastSeenAt),
    };
}
