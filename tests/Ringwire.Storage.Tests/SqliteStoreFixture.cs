using Ringwire.Storage.Sqlite;

namespace Ringwire.Storage.Tests;

/// <summary>A real, migrated SQLite file in a temp directory of its own, shared by the tests of one class.</summary>
public sealed class SqliteStoreFixture : StoreFixture, IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public SqliteStoreFixture()
    {
        // A shorter busy timeout than production: a lock bug fails the test instead of stalling the run.
        Database = new SqliteDatabase($"Data Source={System.IO.Path.Combine(_directory.Path, "ringwire.db")};Default Timeout=10");
        Calls = new SqliteCallStore(Database);
        Devices = new SqliteDeviceStore(Database);
        Users = new SqliteUserStore(Database);
    }

    public SqliteDatabase Database { get; }

    public override ICallStore Calls { get; }

    public override IDeviceStore Devices { get; }

    public override IUserStore Users { get; }

    public Task InitializeAsync() => Database.MigrateAsync(CancellationToken.None).WithTimeout();

    public Task DisposeAsync()
    {
        Database.ClearPool();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
