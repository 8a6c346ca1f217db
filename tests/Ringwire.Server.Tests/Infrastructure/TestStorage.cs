using Npgsql;

namespace Ringwire.Server.Tests.Infrastructure;

/// <summary>
/// The engine the server tests run on: SQLite by default, PostgreSQL when <c>RINGWIRE_TEST_STORAGE=postgres</c>.
/// scripts/test.sh runs the whole suite once per engine, so each test is written once and run twice.
/// </summary>
public static class TestStorage
{
    public static bool IsPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("RINGWIRE_TEST_STORAGE"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The provider and a connection string to a new, empty database of its own.</summary>
    public static async Task<(string Provider, string ConnectionString)> CreateDatabaseAsync(string directory)
    {
        if (!IsPostgres)
        {
            return ("sqlite", $"Data Source={Path.Combine(directory, "ringwire.db")}");
        }

        var admin = AdminConnectionString();
        var name = $"rw_server_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
            await create.ExecuteNonQueryAsync();
        }

        return ("postgres", new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
    }

    /// <summary>Removes a database <see cref="CreateDatabaseAsync"/> made (SQLite's file goes with its folder).</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        if (!IsPostgres)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE);", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string AdminConnectionString() =>
        Environment.GetEnvironmentVariable("RINGWIRE_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "RINGWIRE_TEST_STORAGE=postgres needs RINGWIRE_TEST_POSTGRES (an admin connection string); ./scripts/test.sh starts a throwaway PostgreSQL and sets both.");
}
