using Dapper;
using Ringwire.Storage.Sqlite;

namespace Ringwire.Storage.Tests;

/// <summary>Migrations and connection settings, each test on a database file of its own.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly List<SqliteDatabase> _databases = [];

    [Fact]
    public async Task Migrate_Twice_AppliesEachMigrationOnce()
    {
        var database = Open("twice.db");

        await database.MigrateAsync(default).WithTimeout();
        await database.MigrateAsync(default).WithTimeout();

        await using var connection = await database.OpenConnectionAsync(default).WithTimeout();
        var applied = (await connection.QueryAsync<string>("SELECT name FROM schema_migrations ORDER BY name;").WithTimeout()).AsList();
        Assert.Equal(["001_initial.sql", "002_operator_lists.sql"], applied);
    }

    [Fact]
    public async Task Migrate_FromTwoInstancesAtOnce_AppliesEachMigrationOnce()
    {
        var first = Open("race.db");
        var second = Open("race.db");

        await Task.WhenAll(Task.Run(() => first.MigrateAsync(default)), Task.Run(() => second.MigrateAsync(default))).WithTimeout();

        await using var connection = await first.OpenConnectionAsync(default).WithTimeout();
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations;").WithTimeout());
    }

    [Fact]
    public async Task Migrate_CreatesEveryTable()
    {
        var database = Open("tables.db");

        await database.MigrateAsync(default).WithTimeout();

        await using var connection = await database.OpenConnectionAsync(default).WithTimeout();
        var tables = await connection.QueryAsync<string>(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;").WithTimeout();
        Assert.Equal(
            ["blocks", "call_trace", "calls", "devices", "dnd", "idempotency_keys", "legs", "schema_migrations"],
            tables);
    }

    [Fact]
    public async Task OpenConnection_SetsWalForeignKeysSynchronousAndBusyTimeout()
    {
        var database = Open("pragmas.db");
        await database.MigrateAsync(default).WithTimeout();

        await using var connection = await database.OpenConnectionAsync(default).WithTimeout();

        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode;").WithTimeout());
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys;").WithTimeout());
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous;").WithTimeout());
        Assert.Equal(SqliteDatabase.DefaultBusyTimeoutSeconds * 1000, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout;").WithTimeout());
        Assert.Equal(SqliteDatabase.DefaultBusyTimeoutSeconds, connection.DefaultTimeout);
    }

    [Fact]
    public async Task OpenConnection_KeepsAGivenTimeout()
    {
        var database = new SqliteDatabase($"Data Source={Path.Combine(_directory.Path, "timeout.db")};Default Timeout=5");
        _databases.Add(database);

        await using var connection = await database.OpenConnectionAsync(default).WithTimeout();

        Assert.Equal(5, connection.DefaultTimeout);
        Assert.Equal(5000, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout;").WithTimeout());
    }

    public void Dispose()
    {
        foreach (var database in _databases)
        {
            database.ClearPool();
        }

        _directory.Dispose();
    }

    private SqliteDatabase Open(string file)
    {
        var database = new SqliteDatabase($"Data Source={Path.Combine(_directory.Path, file)}");
        _databases.Add(database);
        return database;
    }
}
