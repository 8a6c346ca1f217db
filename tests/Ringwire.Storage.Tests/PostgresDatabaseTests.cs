using Dapper;
using Npgsql;
using Ringwire.Storage.Postgres;

namespace Ringwire.Storage.Tests;

/// <summary>Migrations, each test on a fresh database of its own.</summary>
public sealed class PostgresDatabaseTests : IAsyncLifetime
{
    /// <summary>Every embedded migration, in the order it is applied.</summary>
    private static readonly string[] AllMigrations = ["001_initial.sql", "002_presence.sql", "003_operator_lists.sql"];

    private readonly List<PostgresDatabase> _databases = [];
    private PostgresTestDatabase? _scratch;

    private PostgresTestDatabase Scratch => _scratch ?? throw new InvalidOperationException("No scratch database.");

    public async Task InitializeAsync() => _scratch = await PostgresTestDatabase.CreateAsync().WithTimeout();

    [Fact]
    public async Task Migrate_Twice_AppliesEachMigrationOnce()
    {
        var database = Open();

        await database.MigrateAsync(default).WithTimeout();
        await database.MigrateAsync(default).WithTimeout();

        Assert.Equal(AllMigrations, await AppliedAsync(database));
    }

    [Fact]
    public async Task Migrate_FromFiveNodesAtOnce_AppliesEachMigrationOnceAndReleasesTheLock()
    {
        // Five instances, five pools: as five nodes starting together on one fresh database.
        var nodes = Enumerable.Range(0, 5).Select(_ => Open()).ToList();
        var gate = new TaskCompletionSource();
        var runs = nodes.Select(node => Task.Run(async () =>
        {
            await gate.Task;
            await node.MigrateAsync(default);
        })).ToList();

        gate.SetResult();
        await Task.WhenAll(runs).WithTimeout();

        Assert.Equal(AllMigrations, await AppliedAsync(nodes[0]));
        await using var connection = await nodes[0].OpenConnectionAsync(default).WithTimeout();
        Assert.True(await connection.ExecuteScalarAsync<bool>(
            "SELECT pg_try_advisory_lock(@key);", new { key = PostgresDatabase.MigrationLockKey }).WithTimeout());
    }

    [Fact]
    public async Task Migrate_WhileAnotherNodeHoldsTheLock_WaitsThenApplies()
    {
        var database = Open();
        await using var other = await database.OpenConnectionAsync(default).WithTimeout();
        await other.ExecuteAsync("SELECT pg_advisory_lock(@key);", new { key = PostgresDatabase.MigrationLockKey }).WithTimeout();

        var migration = database.MigrateAsync(default);
        // No sleep: watch the server until the migration's session is queued on the lock.
        while (!await other.ExecuteScalarAsync<bool>(
                   """
                   SELECT EXISTS (
                       SELECT 1 FROM pg_locks
                       WHERE locktype = 'advisory' AND NOT granted
                         AND database = (SELECT oid FROM pg_database WHERE datname = current_database()));
                   """).WithTimeout())
        {
            Assert.False(migration.IsCompleted, "The migration finished while another node held the lock.");
        }

        Assert.False(migration.IsCompleted);
        Assert.Null(await other.ExecuteScalarAsync<string>("SELECT to_regclass('schema_migrations')::text;").WithTimeout());

        await other.ExecuteAsync("SELECT pg_advisory_unlock(@key);", new { key = PostgresDatabase.MigrationLockKey }).WithTimeout();
        await migration.WithTimeout();

        Assert.Equal(AllMigrations, await AppliedAsync(database));
    }

    [Fact]
    public async Task Migrate_CreatesEveryTable()
    {
        var database = Open();

        await database.MigrateAsync(default).WithTimeout();

        await using var connection = await database.OpenConnectionAsync(default).WithTimeout();
        var tables = await connection.QueryAsync<string>(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename COLLATE \"C\";").WithTimeout();
        Assert.Equal(
            ["blocks", "call_trace", "calls", "device_presence", "devices", "dnd", "idempotency_keys", "legs", "schema_migrations"],
            tables);
    }

    [Fact]
    public async Task Migrate_CancelledWhileWaitingForTheLock_ThrowsAndCanRunAgain()
    {
        var database = Open();
        await using var other = await database.OpenConnectionAsync(default).WithTimeout();
        await other.ExecuteAsync("SELECT pg_advisory_lock(@key);", new { key = PostgresDatabase.MigrationLockKey }).WithTimeout();
        using var cancel = new CancellationTokenSource();

        var migration = database.MigrateAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => migration.WithTimeout());
        // The other node still holds its lock: a cancelled run let go of nothing but its own wait.
        await using (var third = await database.OpenConnectionAsync(default).WithTimeout())
        {
            Assert.False(await third.ExecuteScalarAsync<bool>(
                "SELECT pg_try_advisory_lock(@key);", new { key = PostgresDatabase.MigrationLockKey }).WithTimeout());
        }

        await other.ExecuteAsync("SELECT pg_advisory_unlock(@key);", new { key = PostgresDatabase.MigrationLockKey }).WithTimeout();
        await database.MigrateAsync(default).WithTimeout();
        Assert.Equal(AllMigrations, await AppliedAsync(database));
    }

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync().AsTask().WithTimeout();
        }

        if (_scratch is not null)
        {
            await _scratch.DisposeAsync().AsTask().WithTimeout();
        }
    }

    private static async Task<List<string>> AppliedAsync(PostgresDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync(default).WithTimeout();
        return (await connection.QueryAsync<string>("SELECT name FROM schema_migrations ORDER BY name;").WithTimeout()).AsList();
    }

    private PostgresDatabase Open()
    {
        var database = new PostgresDatabase(Scratch.ConnectionString);
        _databases.Add(database);
        return database;
    }
}
