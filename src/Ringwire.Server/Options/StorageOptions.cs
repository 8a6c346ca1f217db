namespace Ringwire.Server.Options;

public sealed class StorageOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><see cref="Sqlite"/> (one node) or <see cref="Postgres"/> (one node or several).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>An ADO.NET connection string for the provider: <c>Data Source=…</c> for SQLite, <c>Host=…;Database=…</c> for PostgreSQL.</summary>
    public string ConnectionString { get; set; } = "Data Source=ringwire.db";

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);
}
