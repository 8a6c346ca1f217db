using System.Data.Common;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Ringwire.Storage.Sqlite;

/// <summary>
/// One SQLite database file: opens configured, pooled connections and applies the embedded migrations.
/// Call <see cref="MigrateAsync"/> once at start-up, before the stores are used.
/// </summary>
public sealed class SqliteDatabase : IStoreSchema
{
    /// <summary>How long a writer waits for another writer's transaction before failing with "database is locked".</summary>
    public const int DefaultBusyTimeoutSeconds = 30;

    private const string MigrationPrefix = "Ringwire.Storage.Sqlite.Migrations.";

    private readonly string _connectionString;
    private readonly string _connectionPragmas;

    // SQLite has one writer at a time. Writers of this process take turns here, in FIFO order, instead of meeting
    // in SQLite's busy handler, which sleeps 1–100 ms between retries and turns contention into latency. Other
    // processes on the same file still wait through busy_timeout.
    private readonly SemaphoreSlim _writeTurn = new(1, 1);

    // Native connections that already carry the pragmas; weak, so closed handles drop out.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, SqliteDatabase> _configured = new();

    /// <param name="connectionString">
    /// A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=/var/lib/ringwire/ringwire.db</c>. Pooling is
    /// always on; without a <c>Default Timeout</c> the busy timeout is <see cref="DefaultBusyTimeoutSeconds"/>.
    /// </param>
    public SqliteDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        if (!given.ContainsKey("Default Timeout") && !given.ContainsKey("DefaultTimeout")
            && !given.ContainsKey("Command Timeout") && !given.ContainsKey("CommandTimeout"))
        {
            builder.DefaultTimeout = DefaultBusyTimeoutSeconds;
        }

        _connectionString = builder.ToString();
        // Microsoft.Data.Sqlite retries busy statements until DefaultTimeout; busy_timeout makes SQLite itself wait
        // on the lock too, which wakes a waiting writer sooner than a retry loop would.
        _connectionPragmas =
            $"PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {builder.DefaultTimeout * 1000};";
    }

    /// <summary>Opens a pooled connection with foreign keys on, synchronous=NORMAL and the busy timeout set.</summary>
    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Per-connection settings, applied once per physical connection: the pool hands the same native handle
            // out again with them still set, and running them on every open cost a tenth of the server's CPU.
            if (!_configured.TryGetValue(connection.Handle!, out _))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = _connectionPragmas;
                await command.ExecuteNonQueryAsync(cancellationToken);
                _configured.AddOrUpdate(connection.Handle!, this);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits for this process's write turn, then opens a connection for writing. Every write goes through here;
    /// dispose the writer as soon as the write is committed.
    /// </summary>
    public async Task<SqliteWriter> OpenWriterAsync(CancellationToken cancellationToken)
    {
        await _writeTurn.WaitAsync(cancellationToken);
        try
        {
            return new SqliteWriter(await OpenConnectionAsync(cancellationToken), _writeTurn);
        }
        catch
        {
            _writeTurn.Release();
            throw;
        }
    }

    /// <summary>Closes this database's idle pooled connections, e.g. before the file is deleted or moved.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>
    /// Switches the file to WAL and applies every embedded migration not yet recorded in <c>schema_migrations</c>, in
    /// name order, each in its own immediate transaction. Safe to call again, and from two processes at once.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
        await ExecuteAsync(
            connection,
            null,
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);",
            cancellationToken);

        foreach (var (name, script) in Migrations())
        {
            // Immediate: a second process migrating at the same time waits here, then sees the row and skips.
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using (var check = connection.CreateCommand())
            {
                check.Transaction = transaction;
                check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE name = $name;";
                check.Parameters.AddWithValue("$name", name);
                if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken)) > 0)
                {
                    continue;
                }
            }

            await ExecuteAsync(connection, transaction, script, cancellationToken);
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (name, applied_at) VALUES ($name, $at);";
                record.Parameters.AddWithValue("$name", name);
                record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The embedded <c>Sqlite/Migrations/*.sql</c> files, by file name in ordinal order.</summary>
    private static IEnumerable<(string Name, string Script)> Migrations()
    {
        var assembly = typeof(SqliteDatabase).Assembly;
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

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
