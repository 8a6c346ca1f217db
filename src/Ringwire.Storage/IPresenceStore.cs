namespace Ringwire.Storage;

/// <summary>
/// Which devices are connected to which node, for nodes that share one database (PostgreSQL only). Rows expire
/// unless their node renews them, so the devices of a node that died stop counting on their own.
/// </summary>
public interface IPresenceStore
{
    Task AddAsync(PresenceEntry entry, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    Task RemoveAsync(Guid connectionId, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the expiry of these connections' rows; returns how many rows it found. By id rather than by node, so that
    /// a row rewritten by a <see cref="RestoreAsync"/> racing its connection's removal expires instead of living on.
    /// </summary>
    Task<int> RenewAsync(IReadOnlyCollection<Guid> connectionIds, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Writes (or rewrites) the given rows, e.g. after some were purged while the node could not renew them.</summary>
    Task RestoreAsync(IReadOnlyList<PresenceEntry> entries, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>True when any node holds a live connection of a device of <paramref name="userId"/> at <paramref name="now"/>.</summary>
    Task<bool> IsConnectedAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The devices of <paramref name="userIds"/> that any node holds a live connection of at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<DeviceKey>> ListConnectedAsync(IReadOnlyCollection<string> userIds, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes rows that expired before <paramref name="before"/>; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
