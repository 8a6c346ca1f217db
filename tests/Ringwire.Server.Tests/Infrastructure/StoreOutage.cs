using Microsoft.Data.Sqlite;
using Npgsql;
using Ringwire.Storage.Sqlite;

namespace Ringwire.Server.Tests.Infrastructure;

/// <summary>
/// Makes a running server's store unreachable until disposed: the SQLite file is moved away and a folder put in its
/// place (nothing can open it); the PostgreSQL database stops taking connections and its sessions are ended.
/// </summary>
public sealed class StoreOutage : IAsyncDisposable
{
    private readonly Func<Task> _restore;

    private StoreOutage(Func<Task> restore) => _restore = restore;

    public static async Task<StoreOutage> BeginAsync(RingwireHost host)
    {
        var connectionString = host.Settings["Ringwire:Storage:ConnectionString"]!;
        if (TestStorage.IsPostgres)
        {
            var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
            await AdminAsync($"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false;");
            await AdminAsync($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{name}';");
            return new StoreOutage(() => AdminAsync($"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true;"));
        }

        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        host.Service<SqliteDatabase>().ClearPool();
        string[] parts = [.. new[] { file, file + "-wal", file + "-shm" }.Where(File.Exists)];
        foreach (var part in parts)
        {
            File.Move(part, part + ".away");
        }

        Directory.CreateDirectory(file);
        return new StoreOutage(() =>
        {
            Directory.Delete(file);
            foreach (var part in parts)
            {
                File.Move(part + ".away", part);
            }

            return Task.CompletedTask;
        });
    }

    public async ValueTask DisposeAsync() => await _restore();

    private static async Task AdminAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresTestDatabase.AdminConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync().DefaultTimeout();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().DefaultTimeout();
    }
}
