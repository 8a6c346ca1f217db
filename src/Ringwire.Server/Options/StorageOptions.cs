namespace Ringwire.Server.Options;

public sealed class StorageOptions
{
    /// <summary><c>sqlite</c> (PostgreSQL is a later step).</summary>
    public string Provider { get; set; } = "sqlite";
    public string ConnectionString { get; set; } = "Data Source=ringwire.db";
}
