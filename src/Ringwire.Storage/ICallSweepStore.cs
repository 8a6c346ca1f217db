using Ringwire.Core;

namespace Ringwire.Storage;

/// <summary>
/// Deadlines that outlive the node that armed them (PostgreSQL only): any node may end any overdue ringing call, and
/// sweepers on several nodes share the work instead of queueing on it.
/// </summary>
public interface ICallSweepStore
{
    /// <summary>
    /// In one transaction: locks up to <paramref name="limit"/> ringing calls that are overdue at
    /// <paramref name="dueBefore"/>, skipping rows another transaction holds (another sweeper's, or a device's answer
    /// being written); asks <paramref name="decide"/> about each; writes each transition it returns with the same
    /// conditional write as <see cref="ICallStore.TryTransitionAsync"/> (so a call never ends twice); commits; and
    /// returns the calls as written. Overdue means the ring deadline passed, or the claim deadline passed with no
    /// leg claimed and no device of the callee present on any node at <paramref name="now"/> (<see cref="IPresenceStore"/>).
    /// </summary>
    Task<IReadOnlyList<Call>> SweepOverdueAsync(DateTimeOffset dueBefore, DateTimeOffset now, int limit, Func<Call, SweptTransition?> decide,
        CancellationToken cancellationToken);
}
