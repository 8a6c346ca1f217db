using System.Diagnostics.CodeAnalysis;
using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Phone;

/// <summary>
/// R7: the actions callservicesd sent to the app and still waits on, each with its timeoutDate armed. Not thread-safe:
/// the daemon holds its lock.
/// </summary>
internal sealed class PendingActions(TimeProvider time, TimeSpan timeout)
{
    private readonly Dictionary<CallAction, PendingAction> _pending = [];

    /// <summary>A new action about <paramref name="call"/>, armed; <paramref name="completed"/> hears its end (under no lock).</summary>
    public CallAction Send(PhoneCall call, CallActionKind kind, PhoneActor by, CallEndedReason? endReason, bool forCellular, Action<CallAction, CallActionResult> completed)
    {
        var action = new CallAction(kind, call.Uuid, time.GetUtcNow() + timeout, completed);
        var pending = new PendingAction(action, call, by) { EndReason = endReason, ForCellular = forCellular };
        _pending.Add(action, pending);

        // R7: the action's timeoutDate; what happens then is in CallDaemon.OnActionCompleted.
        pending.Timeout = time.CreateTimer(_ => action.TimeOut(), null, timeout, Timeout.InfiniteTimeSpan);
        return action;
    }

    /// <summary>The action completed (fulfilled, failed or timed out): it is no longer pending. False when it was not.</summary>
    public bool TryComplete(CallAction action, [NotNullWhen(true)] out PendingAction? pending)
    {
        if (!_pending.Remove(action, out pending))
        {
            return false;
        }

        pending.Timeout?.Dispose();
        return true;
    }

    /// <summary>Whether an End action about <paramref name="call"/> is already on its way.</summary>
    public bool HasEnd(PhoneCall call) => _pending.Values.Any(a => a.Call == call && a.Action.Kind == CallActionKind.End);

    /// <summary>The call ended: its actions are dropped.</summary>
    public void DropFor(PhoneCall call)
    {
        foreach (var pending in _pending.Values.Where(a => a.Call == call).ToList())
        {
            // Actions about an ended call will never matter: no timeout for them.
            pending.Timeout?.Dispose();
            _pending.Remove(pending.Action);
        }
    }

    /// <summary>callservicesd reset (R9) or the phone is disposed: every action is dropped, no timeout fires.</summary>
    public void DropAll()
    {
        foreach (var pending in _pending.Values)
        {
            pending.Timeout?.Dispose();
        }

        _pending.Clear();
    }
}
