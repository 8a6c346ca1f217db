using System.Data;
using System.Reflection;
using Dapper;
using Npgsql;

namespace Ringwire.Storage.Postgres;

/// <summary>
/// One PostgreSQL database: hands out pooled connections from one <see cref="NpgsqlDataSource"/> and applies the
/// embedded migrations. Call <see cref="MigrateAsync"/> once at start-up, before the stores are used; every node may.
/// </summary>
public sealed class PostgresDatabase : IStoreSchema, IAsyncDisposable
{
    /// <summary>
    /// The session advisory lock that migration runs hold (the ASCII bytes of "Ringwire"). Advisory locks are per
    /// database, so databases on one server do not wait on each other.
    /// </summary>
    public const long MigrationLockKey = 0x52696E6777697265;

    private const string MigrationPrefix = "Ringwire.Storage.Postgres.Migrations.";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _connectionString;

    /// <param name="connectionString">
    /// An Npgsql connection string, e.g. <c>Host=db;Username=ringwire;Database=ringwire</c>; pool size and timeouts
    /// are Npgsql's settings in it.
    /// </param>
    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _connectionString = connectionString;
    }

    /// <summary>Opens a pooled connection; dispose it to return it.</summary>
    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// Opens a connection of its own, outside the pool, for a session that lives as long as the node: LISTEN belongs
    /// to a session, and a pooled connection would count against the pool for ever. Keepalive queries every
    /// <paramref name="keepAliveSeconds"/> make a silently dead connection fail instead of waiting for ever.
    /// <paramref name="applicationName"/> shows in <c>pg_stat_activity</c>.
    /// </summary>
    public async Task<NpgsqlConnection> OpenDedicatedConnectionAsync(string applicationName, int keepAliveSeconds, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(_connectionString)
        {
            Pooling = false,
            KeepAlive = keepAliveSeconds,
            ApplicationName = applicationName,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Applies every embedded migration not yet recorded in <c>schema_migrations</c>, in name order, each in its own
    /// transaction. The whole run holds <see cref="MigrationLockKey"/> on one connection, so nodes that start together
    /// queue here, and each after the first finds the migrations recorded and applies nothing. Safe to call again.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_lock(@key);", new { key = MigrationLockKey }, cancellationToken: cancellationToken));
        try
        {
            // Inside the lock too: two sessions running CREATE TABLE IF NOT EXISTS at once can both try to create it.
            await connection.ExecuteAsync(new CommandDefinition(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                  name       text COLLATE "C" NOT NULL PRIMARY KEY,
                  applied_at timestamptz NOT NULL
                );
                """,
                cancellationToken: cancellationToken));

            foreach (var (name, script) in Migrations())
            {
                // DDL is transactional in PostgreSQL: a migration that fails leaves nothing behind and is retried at
                // the next start.
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var applied = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = @name);",
                    new { name },
                    transaction,
                    cancellationToken: cancellationToken));
                if (applied)
                {
                    continue;
                }

                await using (var command = new NpgsqlCommand(script, connection, transaction))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (@name, now());",
                    new { name },
                    transaction,
                    cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await UnlockAsync(connection);
        }
    }

    /// <summary>Closes the pool's connections.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>
    /// Releases the migration lock so the next node goes on at once. Not cancellable: a cancelled run must still let
    /// go. A connection that broke has ended its session, and the lock with it.
    /// </summary>
    private static async Task UnlockAsync(NpgsqlConnection connection)
    {
        if (connection.FullState != ConnectionState.Open)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key);", new { key = MigrationLockKey }));
    }

    /// <summary>The embedded <c>Postgres/Migrations/*.sql</c> files, by file name in ordinal order.</summary>
    private static IEnumerable<(string Name, string Script)> Migrations()
    {
        var assembly = typeof(PostgresDatabase).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(MigrationPrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal);
        foreach (var resource in names)
        {
            yield return (resource[MigrationPrefix.Length..], Read(assembly, resource));
        }
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Migration resource '{resource}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
