namespace Ringwire.Storage;

/// <summary>Per-user settings that decide whether a call rings: do not disturb and blocks.</summary>
public interface IUserStore
{
    Task SetDndAsync(string userId, DateTimeOffset? until, CancellationToken cancellationToken);

    Task<DateTimeOffset?> GetDndAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Blocks <paramref name="blockedUserId"/> for <paramref name="userId"/>; blocking twice is harmless.</summary>
    Task BlockAsync(string userId, string blockedUserId, DateTimeOffset at, CancellationToken cancellationToken);

    Task<bool> UnblockAsync(string userId, string blockedUserId, CancellationToken cancellationToken);

    /// <summary>The user's blocked user ids, in order.</summary>
    Task<IReadOnlyList<string>> ListBlocksAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="callerId"/> is blocked by <paramref name="calleeId"/>, and the callee's DND end.</summary>
    Task<CallPermission> GetCallPermissionAsync(string calleeId, string callerId, CancellationToken cancellationToken);
}
