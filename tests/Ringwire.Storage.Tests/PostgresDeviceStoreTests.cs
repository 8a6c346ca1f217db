namespace Ringwire.Storage.Tests;

public sealed class PostgresDeviceStoreTests(PostgresStoreFixture fixture) : DeviceStoreTests(fixture), IClassFixture<PostgresStoreFixture>;
