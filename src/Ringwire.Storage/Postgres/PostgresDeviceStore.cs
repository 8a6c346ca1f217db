using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Ringwire.Core;

namespace Ringwire.Storage.Postgres;

/// <summary><see cref="IDeviceStore"/> on PostgreSQL, with the SQLite store's semantics.</summary>
public sealed class PostgresDeviceStore(PostgresDatabase database) : IDeviceStore
{
    private readonly PostgresDatabase _database = database;

    public async Task<DeviceRegistration> UpsertAsync(Device device, int maxPerUser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerUser, 1);
        var parameters = DeviceRow.Parameters(device);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // SQLite serializes registrations by its single writer; READ COMMITTED does not. Two registrations of one
        // token would both find it unheld and the second would fail on the unique index, and two devices of one user
        // would both count the user under the cap. So a registration first takes transaction advisory locks on its
        // user and on each token it carries, in key order, and waits for any registration holding one of them.
        var keys = LockKeys(device);
        await connection.ExecuteAsync(new CommandDefinition(
            string.Concat(keys.Select((_, i) => $"SELECT pg_advisory_xact_lock(@k{i});")),
            Keys(keys),
            transaction,
            cancellationToken: cancellationToken));

        // Then it locks every row it may write, in primary key order: the user's devices (its own, and those the cap
        // may evict) and any device holding one of its tokens. Two registrations of different users and tokens
        // can still meet on rows (alice takes a token from bob's device while bob takes one from alice's); locking
        // those rows up front, in one order, makes one wait for the other instead of deadlocking halfway.
        var locked = await connection.QueryAsync<(string UserId, string DeviceId)>(new CommandDefinition(
            """
            SELECT user_id, device_id FROM devices
            WHERE user_id = @user_id OR voip_token = @voip_token OR alert_token = @alert_token OR fcm_token = @fcm_token
            ORDER BY user_id, device_id
            FOR UPDATE;
            """,
            parameters,
            transaction,
            cancellationToken: cancellationToken));
        // Under the user's lock no other registration can add this device, and a delete waits on its row lock.
        var created = !locked.Contains((device.UserId, device.DeviceId));

        // A push token is unique (contract §4): it moves to this device. Other columns of the losing device stay.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE devices SET voip_token = NULL
            WHERE voip_token = @voip_token AND NOT (user_id = @user_id AND device_id = @device_id);
            UPDATE devices SET alert_token = NULL
            WHERE alert_token = @alert_token AND NOT (user_id = @user_id AND device_id = @device_id);
            UPDATE devices SET fcm_token = NULL
            WHERE fcm_token = @fcm_token AND NOT (user_id = @user_id AND device_id = @device_id);
            """,
            parameters,
            transaction,
            cancellationToken: cancellationToken));

        // registered_at is kept on update; last_seen_at too, unless the caller brings a newer one (GREATEST skips a
        // NULL, so either side's time wins over none).
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
                last_seen_at = GREATEST(devices.last_seen_at, excluded.last_seen_at)
            RETURNING {DeviceRow.Columns};
            """,
            parameters,
            transaction,
            cancellationToken: cancellationToken));

        // Over the cap: drop the devices registered, updated or seen longest ago, never the one just written. The
        // victims are among the rows locked above, so the delete waits on nobody.
        var evicted = (await connection.QueryAsync<string>(new CommandDefinition(
            """
            WITH victims AS (
                SELECT device_id, GREATEST(registered_at, updated_at, COALESCE(last_seen_at, to_timestamp(0))) AS seen
                FROM devices
                WHERE user_id = @user_id AND device_id <> @device_id
                ORDER BY seen, device_id
                LIMIT GREATEST(0, (SELECT COUNT(*) FROM devices WHERE user_id = @user_id) - @max)),
            gone AS (
                DELETE FROM devices WHERE user_id = @user_id AND device_id IN (SELECT device_id FROM victims))
            SELECT device_id FROM victims ORDER BY seen, device_id;
            """,
            new { user_id = device.UserId, device_id = device.DeviceId, max = (long)maxPerUser },
            transaction,
            cancellationToken: cancellationToken))).AsList();

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
        // Two array parameters, however many keys there are; each is a primary key look-up.
        var rows = await connection.QueryAsync<DeviceRow>(new CommandDefinition(
            $"""
            SELECT {DeviceRow.Columns} FROM devices
            WHERE (user_id, device_id) IN (SELECT * FROM unnest(@users, @devices))
            ORDER BY user_id, device_id;
            """,
            new { users = keys.Select(k => k.UserId).ToArray(), devices = keys.Select(k => k.DeviceId).ToArray() },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToDevice())];
    }

    public async Task<bool> DeleteAsync(string userId, string deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM devices WHERE user_id = @user_id AND device_id = @device_id;",
            new { user_id = userId, device_id = deviceId },
            cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> ForgetTokenAsync(string userId, string deviceId, string token, DateTimeOffset? deadSince, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        // One statement on one row: a registration that moves the token waits on the row lock, or this one on it.
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
            new { user_id = userId, device_id = deviceId, token, dead_since = PostgresEncoding.Time(deadSince) },
            cancellationToken: cancellationToken)) > 0;
    }

    public async Task TouchAsync(string userId, string deviceId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        // Never backwards: two nodes may report the same device's connections out of order. GREATEST skips a NULL.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE devices SET last_seen_at = GREATEST(last_seen_at, @at)
            WHERE user_id = @user_id AND device_id = @device_id;
            """,
            new { user_id = userId, device_id = deviceId, at = PostgresEncoding.Time(at) },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The advisory lock keys of a registration, sorted: every registration takes its locks in this one order, so
    /// two that share locks queue instead of deadlocking. Computed here rather than with the server's
    /// <c>hashtext</c> so they can be sorted before they are taken; 64 bits of SHA-256, so unrelated users and
    /// tokens practically never share a key (and if they did, they would only wait for each other).
    /// </summary>
    private static long[] LockKeys(Device device)
    {
        List<long> keys = [LockKey("user", device.UserId)];
        if (device.VoipToken is { } voip)
        {
            keys.Add(LockKey("voip_token", voip));
        }

        if (device.AlertToken is { } alert)
        {
            keys.Add(LockKey("alert_token", alert));
        }

        if (device.FcmToken is { } fcm)
        {
            keys.Add(LockKey("fcm_token", fcm));
        }

        return [.. keys.Distinct().Order()];
    }

    private static long LockKey(string kind, string value)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"ringwire.devices.{kind}\n{value}"), hash);
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }

    private static DynamicParameters Keys(long[] keys)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < keys.Length; i++)
        {
            parameters.Add($"k{i}", keys[i]);
        }

        return parameters;
    }
}
