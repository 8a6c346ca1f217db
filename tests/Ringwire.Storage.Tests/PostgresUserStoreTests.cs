namespace Ringwire.Storage.Tests;

public sealed class PostgresUserStoreTests(PostgresStoreFixture fixture) : UserStoreTests(fixture), IClassFixture<PostgresStoreFixture>;
