using Ringwire.Core;

namespace Ringwire.Storage;

/// <summary>
/// The calls a node re-sends to its devices after it may have missed other nodes' events (PostgreSQL only: one node
/// alone never misses its own).
/// </summary>
public interface IRecentCallsStore
{
    /// <summary>
    /// Calls of any of <paramref name="userIds"/> (either party) that are ringing, or that were created, answered or
    /// ended at or after <paramref name="since"/>; oldest first.
    /// </summary>
    Task<IReadOnlyList<Call>> ListRecentAsync(IReadOnlyCollection<string> userIds, DateTimeOffset since, CancellationToken cancellationToken);
}
