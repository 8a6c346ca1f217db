namespace Ringwire.Core;

public static class EndReasonExtensions
{
    /// <summary>The contract's name for the reason, as JSON and traces carry it.</summary>
    public static string Name(this EndReason reason) => reason switch
    {
        EndReason.CallerCancelled => "caller_cancelled",
        EndReason.CalleeDeclined => "callee_declined",
        EndReason.Busy => "busy",
        EndReason.RingTimeout => "ring_timeout",
        EndReason.Dnd => "dnd",
        EndReason.NoDevices => "no_devices",
        EndReason.PushFailed => "push_failed",
        EndReason.ClaimTimeout => "claim_timeout",
        EndReason.Hangup => "hangup",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
