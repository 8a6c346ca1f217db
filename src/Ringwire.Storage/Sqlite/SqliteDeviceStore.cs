using System.Text.Json;
using Dapper;
using Ringwire.Core;

namespace Ringwire.Storage.Sqlite;

/// <summary><see cref="IDeviceStore"/> on SQLite.</summary>
public sealed class SqliteDeviceStore(SqliteDatabase database) : IDeviceStore
{
    private readonly SqliteDatabase _database = database;

    public async Task<DeviceRegistration> UpsertAsync(Device device, int maxPerUser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerUser, 1);
        var parameters = DeviceRow.Parameters(device);
        await using var writer = await _database.OpenWriterAsync(cancellationToken);
        var connection = writer.Connection;
        // Immediate: two registrations of one token, or two devices racing for the cap, serialize here.
        await using var transaction = connection.BeginTransaction(deferred: false);

        // A push token is unique (contract §4): it moves to this device. Other columns of the losing device stay.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE devices SET voip_token = NULL
            WHERE @voip_token IS NOT NULL AND voip_token = @voip_token AND NOT (user_id = @user_id AND device_id = @device_id);
            UPDATE devices SET alert_token = NULL
            WHERE @alert_token IS NOT NULL AND alert_token = @alert_token AND NOT (user_id = @user_id AND device_id = @device_id);
            UPDATE devices SET fcm_token = NULL
            WHERE @fcm_token IS NOT NULL AND fcm_token = @fcm_token AND NOT (user_id = @user_id AND device_id = @device_id);
            """,
            parameters,
            transaction,
            cancellationToken: cancellationToken));

        var created = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM devices WHERE user_id = @user_id AND device_id = @device_id;",
            parameters,
            transaction,
            cancellationToken: cancellationToken)) == 0;

        // registered_at is kept on update; last_seen_at too, unless the caller brings a newer one.
        var stored = await connection.QuerySingleAsync<DeviceRow>(new CommandDefinition(
            $"""
            INSERT INTO devices (user_id, device_id, platform, voip_token, alert_token, fcm_token, apns_environment,
                bundle_id, name, registered_at, updated_at, last_seen_at)
            VALUES (@user_id, @device_id, @platform, @voip_token, @alert_token, @fcm_token, @apns_environment,
                @bundle_id, @name, @registered_at, @updated_at, @last_seen_at)
            ON CONFLICT (user_id, device_id) DO UPDATE SET
                platform = excluded.platform, voip_token = excluded.voip_token, alert_token = excluded.alert_token,
                fcm_token = excluded.fcm_token, apns_environment = excluded.apns_environment,
                bundle_id = excluded.bundle_id, name = excluded.name, updated_at = excluded.updated_at,
                last_seen_at = CASE
                    WHEN excluded.last_seen_at IS NULL THEN devices.last_seen_at
                    WHEN devices.last_seen_at IS NULL THEN excluded.last_seen_at
                    ELSE MAX(devices.last_seen_at, excluded.last_seen_at) END
            RETURNING {DeviceRow.Columns};
            """,
            parameters,
            transaction,
            cancellationToken: cancellationToken));

        // Over the cap: drop the devices registered, updated or seen longest ago, never the one just written.
        var evicted = (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT device_id FROM devices
            WHERE user_id = @user_id AND device_id <> @device_id
            ORDER BY MAX(registered_at, updated_at, COALESCE(last_seen_at, 0)), device_id
            LIMIT MAX(0, (SELECT COUNT(*) FROM devices WHERE user_id = @user_id) - @max);
            """,
            new { user_id = device.UserId, device_id = device.DeviceId, max = (long)maxPerUser },
            transaction,
            cancellationToken: cancellationToken))).AsList();
        if (evicted.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM devices WHERE user_id = @user_id AND device_id = @device_id;",
                evicted.Select(id => new { user_id = device.UserId, device_id = id }),
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return new DeviceRegistration(stored.ToDevice(), created, evicted);
    }

    public async Task<Device?> GetAsync(string userId, string deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DeviceRow>(new CommandDefinition(
            $"SELECT {DeviceRow.Columns} FROM devices WHERE user_id = @user_id AND device_id = @device_id;",
            new { user_id = userId, device_id = deviceId },
            cancellationToken: cancellationToken));
        return row?.ToDevice();
    }

    public async Task<IReadOnlyList<Device>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeviceRow>(new CommandDefinition(
            $"SELECT {DeviceRow.Columns} FROM devices WHERE user_id = @user_id ORDER BY device_id;",
            new { user_id = userId },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToDevice())];
    }

    public async Task<IReadOnlyList<Device>> ListAllAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        // The primary key's order: a walk down it that stops at the limit.
        var rows = await connection.QueryAsync<DeviceRow>(new CommandDefinition(
            $"SELECT {DeviceRow.Columns} FROM devices ORDER BY user_id, device_id LIMIT @limit;",
            new { limit = (long)limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToDevice())];
    }

    public async Task<IReadOnlyList<Device>> GetManyAsync(IReadOnlyCollection<DeviceKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return [];
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        // json_each takes the keys as one parameter, however many there are; each is a primary key look-up.
        var rows = await connection.QueryAsync<DeviceRow>(new CommandDefinition(
            $"""
            SELECT {DeviceRow.Columns} FROM devices
            WHERE (user_id, device_id) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(@keys))
            ORDER BY user_id, device_id;
            """,
            new { keys = JsonSerializer.Serialize(keys.Select(k => new[] { k.UserId, k.DeviceId })) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToDevice())];
    }

    public async Task<bool> DeleteAsync(string userId, string deviceId, CancellationToken cancellationToken)
    {
        await using var writer = await _database.OpenWriterAsync(cancellationToken);
        var connection = writer.Connection;
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM devices WHERE user_id = @user_id AND device_id = @device_id;",
            new { user_id = userId, device_id = deviceId },
            cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> ForgetTokenAsync(string userId, string deviceId, string token, DateTimeOffset? deadSince, CancellationToken cancellationToken)
    {
        await using var writer = await _database.OpenWriterAsync(cancellationToken);
        var connection = writer.Connection;
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE devices SET
                voip_token = CASE WHEN voip_token = @token THEN NULL ELSE voip_token END,
                alert_token = CASE WHEN alert_token = @token THEN NULL ELSE alert_token END,
                fcm_token = CASE WHEN fcm_token = @token THEN NULL ELSE fcm_token END
            WHERE user_id = @user_id AND device_id = @device_id
              AND @token IN (voip_token, alert_token, fcm_token)
              AND (@dead_since IS NULL OR updated_at <= @dead_since);
            """,
            new { user_id = userId, device_id = deviceId, token, dead_since = deadSince is { } at ? SqliteEncoding.Ms(at) : (long?)null },
            cancellationToken: cancellationToken)) > 0;
    }

    public async Task TouchAsync(string userId, string deviceId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var writer = await _database.OpenWriterAsync(cancellationToken);
        var connection = writer.Connection;
        // Never backwards: two nodes may report the same device's connections out of order.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE devices SET last_seen_at = MAX(COALESCE(last_seen_at, @at), @at)
            WHERE user_id = @user_id AND device_id = @device_id;
            """,
            new { user_id = userId, device_id = deviceId, at = SqliteEncoding.Ms(at) },
            cancellationToken: cancellationToken));
    }
}
