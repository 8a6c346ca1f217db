namespace Ringwire.Storage.Tests;

public sealed class SqliteUserStoreTests(SqliteStoreFixture fixture) : UserStoreTests(fixture), IClassFixture<SqliteStoreFixture>;
