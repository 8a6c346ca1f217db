using Dapper;

namespace Ringwire.Storage.Postgres;

/// <summary><see cref="IUserStore"/> on PostgreSQL. Each method is one statement, so none needs a transaction.</summary>
public sealed class PostgresUserStore(PostgresDatabase database) : IUserStore
{
    private readonly PostgresDatabase _database = database;

    public async Task SetDndAsync(string userId, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            until is null
                ? "DELETE FROM dnd WHERE user_id = @user_id;"
                : "INSERT INTO dnd (user_id, until) VALUES (@user_id, @until) ON CONFLICT (user_id) DO UPDATE SET until = excluded.until;",
            new { user_id = userId, until = PostgresEncoding.Time(until) },
            cancellationToken: cancellationToken));
    }

    public async Task<DateTimeOffset?> GetDndAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var until = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "SELECT until FROM dnd WHERE user_id = @user_id;",
            new { user_id = userId },
            cancellationToken: cancellationToken));
        return PostgresEncoding.ToTime(until);
    }

    public async Task BlockAsync(string userId, string blockedUserId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        // Blocking again keeps the first block's time.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO blocks (user_id, blocked_user_id, created_at) VALUES (@user_id, @blocked_user_id, @at)
            ON CONFLICT (user_id, blocked_user_id) DO NOTHING;
            """,
            new { user_id = userId, blocked_user_id = blockedUserId, at = PostgresEncoding.Time(at) },
            cancellationToken: cancellationToken));
    }

    public async Task<bool> UnblockAsync(string userId, string blockedUserId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM blocks WHERE user_id = @user_id AND blocked_user_id = @blocked_user_id;",
            new { user_id = userId, blocked_user_id = blockedUserId },
            cancellationToken: cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<string>> ListBlocksAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT blocked_user_id FROM blocks WHERE user_id = @user_id ORDER BY blocked_user_id;",
            new { user_id = userId },
            cancellationToken: cancellationToken));
        return ids.AsList();
    }

    public async Task<CallPermission> GetCallPermissionAsync(string calleeId, string callerId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var (blocked, dndUntil) = await connection.QuerySingleAsync<(bool Blocked, DateTime? DndUntil)>(new CommandDefinition(
            """
            SELECT EXISTS (SELECT 1 FROM blocks WHERE user_id = @callee AND blocked_user_id = @caller),
                   (SELECT until FROM dnd WHERE user_id = @callee);
            """,
            new { callee = calleeId, caller = callerId },
            cancellationToken: cancellationToken));
        return new CallPermission(blocked, PostgresEncoding.ToTime(dndUntil));
    }
}
