using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Phone;

/// <summary>An action sent to the app and not completed yet. Guarded by the daemon's lock.</summary>
internal sealed class PendingAction(CallAction action, PhoneCall call, PhoneActor by)
{
    public CallAction Action { get; } = action;

    public PhoneCall Call { get; } = call;

    /// <summary>Who asked for it: the user (answer, decline), the app (transaction) or the system (hold for a cellular call).</summary>
    public PhoneActor By { get; } = by;

    /// <summary>For End actions the system sends itself: the reason the call ends with.</summary>
    public CallEndedReason? EndReason { get; init; }

    /// <summary>A Hold the system sent because a cellular call started.</summary>
    public bool ForCellular { get; init; }

    /// <summary>R7: fires at <see cref="CallAction.TimeoutAt"/>.</summary>
    public ITimer? Timeout { get; set; }
}
