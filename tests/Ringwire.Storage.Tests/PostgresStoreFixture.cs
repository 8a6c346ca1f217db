using Ringwire.Storage.Postgres;

namespace Ringwire.Storage.Tests;

/// <summary>A real, migrated PostgreSQL database of its own, shared by the tests of one class.</summary>
public sealed class PostgresStoreFixture : StoreFixture, IAsyncLifetime
{
    private PostgresTestDatabase? _scratch;
    private PostgresDatabase? _database;
    private ICallStore? _calls;
    private IDeviceStore? _devices;
    private IUserStore? _users;

    public PostgresDatabase Database => _database ?? throw NotInitialized();

    public override ICallStore Calls => _calls ?? throw NotInitialized();

    public override IDeviceStore Devices => _devices ?? throw NotInitialized();

    public override IUserStore Users => _users ?? throw NotInitialized();

    /// <summary>Here rather than in the constructor, so a missing server fails each test with its own message.</summary>
    public async Task InitializeAsync()
    {
        _scratch = await PostgresTestDatabase.CreateAsync().WithTimeout();
        _database = new PostgresDatabase(_scratch.ConnectionString);
        await _database.MigrateAsync(CancellationToken.None).WithTimeout();
        _calls = new PostgresCallStore(_database);
        _devices = new PostgresDeviceStore(_database);
        _users = new PostgresUserStore(_database);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync().AsTask().WithTimeout();
        }

        if (_scratch is not null)
        {
            await _scratch.DisposeAsync().AsTask().WithTimeout();
        }
    }

    private static InvalidOperationException NotInitialized() => new("The fixture's database was not created.");
}
