namespace Ringwire.Server.Tests.Infrastructure;

/// <summary>
/// The engine the server tests run on: SQLite by default, PostgreSQL when <c>RINGWIRE_TEST_STORAGE=postgres</c>.
/// scripts/test.sh runs the whole suite once per engine, so each test is written once and run twice.
/// </summary>
public static class TestStorage
{
    public static bool IsPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("RINGWIRE_TEST_STORAGE"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The provider and a connection string to a new, empty database of its own: a file in <paramref name="directory"/>,
    /// or a scratch PostgreSQL database that the caller drops by disposing <c>Postgres</c>.
    /// </summary>
    public static async Task<(string Provider, string ConnectionString, PostgresTestDatabase? Postgres)> CreateDatabaseAsync(string directory)
    {
        if (!IsPostgres)
        {
            return ("sqlite", $"Data Source={Path.Combine(directory, "ringwire.db")}", null);
        }

        var postgres = await PostgresTestDatabase.CreateAsync();
        return ("postgres", postgres.ConnectionString, postgres);
    }
}
