namespace Ringwire.Storage.Tests;

public sealed class SqliteDeviceStoreTests(SqliteStoreFixture fixture) : DeviceStoreTests(fixture), IClassFixture<SqliteStoreFixture>;
