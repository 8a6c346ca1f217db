using Dapper;

namespace Ringwire.Storage.Postgres;

/// <summary><see cref="IPresenceStore"/>: the <c>device_presence</c> table (Migrations/002_presence.sql).</summary>
public sealed class PostgresPresenceStore(PostgresDatabase database) : IPresenceStore
{
    private const string Upsert = """
        INSERT INTO device_presence (connection_id, node_id, user_id, device_id, expires_at)
        SELECT * FROM unnest(@connection_ids, @node_ids, @user_ids, @device_ids, @expires)
        ON CONFLICT (connection_id) DO UPDATE SET expires_at = excluded.expires_at;
        """;

    public Task AddAsync(PresenceEntry entry, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return RestoreAsync([entry], expiresAt, cancellationToken);
    }

    public async Task RemoveAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM device_presence WHERE connection_id = @id;", new { id = connectionId }, cancellationToken: cancellationToken));
    }

    public async Task<int> RenewAsync(IReadOnlyCollection<Guid> connectionIds, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        if (connectionIds.Count == 0)
        {
            return 0;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE device_presence SET expires_at = @expires WHERE connection_id = ANY(@ids);",
            new { ids = connectionIds.ToArray(), expires = PostgresEncoding.Time(expiresAt) },
            cancellationToken: cancellationToken));
    }

    public async Task RestoreAsync(IReadOnlyList<PresenceEntry> entries, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        var expires = PostgresEncoding.Time(expiresAt);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            Upsert,
            new
            {
                connection_ids = entries.Select(e => e.ConnectionId).ToArray(),
                node_ids = entries.Select(e => e.NodeId).ToArray(),
                user_ids = entries.Select(e => e.UserId).ToArray(),
                device_ids = entries.Select(e => e.DeviceId).ToArray(),
                expires = entries.Select(_ => expires).ToArray(),
            },
            cancellationToken: cancellationToken));
    }

    public async Task<bool> IsConnectedAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM device_presence WHERE user_id = @user AND expires_at > @now);",
            new { user = userId, now = PostgresEncoding.Time(now) },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<DeviceKey>> ListConnectedAsync(IReadOnlyCollection<string> userIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string UserId, string DeviceId)>(new CommandDefinition(
            """
            SELECT DISTINCT user_id, device_id FROM device_presence
            WHERE user_id = ANY(@users) AND expires_at > @now
            ORDER BY user_id, device_id;
            """,
            new { users = userIds.ToArray(), now = PostgresEncoding.Time(now) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new DeviceKey(r.UserId, r.DeviceId))];
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM device_presence WHERE expires_at < @before;",
            new { before = PostgresEncoding.Time(before) },
            cancellationToken: cancellationToken));
    }
}
