using Npgsql;

namespace Ringwire.Testing;

/// <summary>
/// A fresh, empty database on the test server named by <see cref="Variable"/>, dropped on dispose. Every test class
/// (and every PostgresDatabaseTests test) gets its own, so they run in parallel without seeing each other's rows.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    /// <summary>The admin connection string of the test server; scripts/test.sh starts one and sets it.</summary>
    public const string Variable = "RINGWIRE_TEST_POSTGRES";

    private readonly string _adminConnectionString;

    private PostgresTestDatabase(string adminConnectionString, string name)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// The server's admin connection string. Missing, the PostgreSQL tests fail rather than skip: a run that
    /// silently left out a whole store would look green.
    /// </summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL tests have no server. Run ./scripts/test.sh, which "
                + $"starts a throwaway PostgreSQL and sets {Variable}, or set it yourself to an admin connection string "
                + "such as 'Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres'.");

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var database = new PostgresTestDatabase(AdminConnectionString, $"rw_test_{Guid.NewGuid():N}");
        await database.AdminAsync($"CREATE DATABASE {database.Name};");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        // Connections a test opened without a data source sit in Npgsql's global pool; FORCE ends any still open.
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await AdminAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE);");
    }

    /// <summary>Runs one statement on the admin database, on a connection of its own that no pool keeps.</summary>
    private async Task AdminAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync().WithTimeout();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().WithTimeout();
    }
}
