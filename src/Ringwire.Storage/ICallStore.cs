using Ringwire.Core;

namespace Ringwire.Storage;

/// <summary>Calls, their legs and their traces. Every state change is a conditional write; see README.md.</summary>
public interface ICallStore
{
    /// <summary>
    /// Inserts a new call with its legs and first trace events. With an idempotency key that the same caller used
    /// for another call within <paramref name="idempotencyWindow"/>, nothing is written and that call is returned.
    /// </summary>
    Task<CallCreation> CreateAsync(Call call, IReadOnlyList<TraceEvent> trace, string? idempotencyKey, TimeSpan idempotencyWindow, CancellationToken cancellationToken);

    Task<Call?> GetAsync(Guid callId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="next"/> (state, version and end fields; legs are untouched) only if the stored call is
    /// still at <paramref name="expectedVersion"/>, and appends <paramref name="trace"/> in the same transaction.
    /// False when another writer got there first: re-read and decide again.
    /// </summary>
    Task<bool> TryTransitionAsync(Call next, int expectedVersion, TraceEvent trace, CancellationToken cancellationToken);

    /// <summary>Records the outcome of a leg's push and traces it.</summary>
    Task RecordPushAsync(Guid callId, string deviceId, PushStatus push, string? pushError, TraceEvent trace, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a callee device claimed the call (keeping the first claim time), adding a leg for a device that
    /// had none, and traces it.
    /// </summary>
    Task RecordClaimAsync(Guid callId, string deviceId, Platform platform, TraceEvent trace, CancellationToken cancellationToken);

    /// <summary>Records that a device reported the call to its OS (keeping the first time), and traces it.</summary>
    Task RecordReportedAsync(Guid callId, string deviceId, TraceEvent trace, CancellationToken cancellationToken);

    Task AppendTraceAsync(Guid callId, TraceEvent trace, CancellationToken cancellationToken);

    Task<IReadOnlyList<TraceEvent>> GetTraceAsync(Guid callId, CancellationToken cancellationToken);

    /// <summary>The user's calls as caller or callee, newest first.</summary>
    Task<IReadOnlyList<Call>> ListForUserAsync(string userId, int limit, CancellationToken cancellationToken);

    /// <summary>Every user's calls in <paramref name="filter"/>'s states, newest first (an operator's view).</summary>
    Task<IReadOnlyList<Call>> ListAsync(CallStateFilter filter, int limit, CancellationToken cancellationToken);

    /// <summary>Calls now ringing for <paramref name="calleeId"/>, oldest first.</summary>
    Task<IReadOnlyList<Call>> ListRingingForCalleeAsync(string calleeId, CancellationToken cancellationToken);

    /// <summary>Every ringing call, to re-arm deadlines after a restart.</summary>
    Task<IReadOnlyList<Call>> ListRingingAsync(CancellationToken cancellationToken);

    /// <summary>True when the user is a party to an answered call (the busy policy's question).</summary>
    Task<bool> IsInAnsweredCallAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Per device of the user: VoIP/FCM pushes sent since <paramref name="since"/> that no claim or report followed.</summary>
    Task<IReadOnlyDictionary<string, int>> CountUnclaimedPushesAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// The same count as <see cref="CountUnclaimedPushesAsync(string, DateTimeOffset, CancellationToken)"/>, for every
    /// user's devices at once; devices with none are left out.
    /// </summary>
    Task<IReadOnlyDictionary<DeviceKey, int>> CountUnclaimedPushesAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Deletes calls (with legs and traces) that ended before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> PurgeEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
