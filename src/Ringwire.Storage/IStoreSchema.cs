namespace Ringwire.Storage;

/// <summary>A database whose schema the server brings up to date at start-up, before any store is used.</summary>
public interface IStoreSchema
{
    /// <summary>Applies the migrations not applied yet; safe to call when the schema is current.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);
}
