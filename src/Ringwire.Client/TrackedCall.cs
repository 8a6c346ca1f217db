using Ringwire.Client.CallKit;
using Ringwire.Core;

namespace Ringwire.Client;

/// <summary>Whether the system (CallKit) knows a call.</summary>
internal enum SystemPresence
{
    /// <summary>Never reported, or gone from the system (ended, reset, refused).</summary>
    None,

    /// <summary>Reported; the system has not confirmed yet. An end decided now waits for the confirmation.</summary>
    Reporting,

    /// <summary>The system shows it.</summary>
    Shown,
}

/// <summary>One call's mutable state inside <see cref="RingwireDevice"/>; only touched under the device's lock.</summary>
internal sealed class TrackedCall(Guid uuid, CallDirection direction, long order)
{
    public Guid Uuid { get; } = uuid;

    public Guid CallId => Uuid;

    public CallDirection Direction { get; } = direction;

    /// <summary>Creation order: the newest connected call is the one whose audio the system activates.</summary>
    public long Order { get; } = order;

    public DeviceCallState State { get; set; } = DeviceCallState.Ringing;

    public CallEndedReason? EndReason { get; set; }

    /// <summary>The highest server version applied; 0 while nothing but a push is known.</summary>
    public int Version { get; set; }

    public string From { get; set; } = "";

    public string To { get; set; } = "";

    public string? CallerName { get; set; }

    public SystemPresence Presence { get; set; }

    /// <summary>An end decided while the report was unconfirmed, told to the system once it confirms.</summary>
    public CallEndedReason? PendingEnd { get; set; }

    public bool IsInApp { get; set; }

    /// <summary>The user's answer, held until the server grants it.</summary>
    public CallAction? HeldAnswer { get; set; }

    /// <summary>Outgoing: its start action was fulfilled and the system told it started connecting.</summary>
    public bool StartReported { get; set; }

    /// <summary>Outgoing: the system was told it connected (the callee answered).</summary>
    public bool ConnectedReported { get; set; }

    public DeviceCall Snapshot() => new(Uuid, CallId, Direction, State, EndReason, From, To, CallerName, IsInApp);

    public void Update(CallSnapshot call)
    {
        From = call.From;
        To = call.To;
        CallerName = call.CallerName ?? CallerName;
    }

    public bool IsLive => State != DeviceCallState.Ended;

    public static CallEndedReason Map(DeviceEndReason reason) => reason switch
    {
        DeviceEndReason.RemoteEnded => CallEndedReason.RemoteEnded,
        DeviceEndReason.AnsweredElsewhere => CallEndedReason.AnsweredElsewhere,
        DeviceEndReason.DeclinedElsewhere => CallEndedReason.DeclinedElsewhere,
        DeviceEndReason.Unanswered => CallEndedReason.Unanswered,
        _ => CallEndedReason.Failed,
    };

    /// <summary>The reason for a terminal call whose message carried none.</summary>
    public static CallEndedReason Fallback(CallState state) => state switch
    {
        CallState.Cancelled or CallState.Ended => CallEndedReason.RemoteEnded,
        CallState.Missed or CallState.Unreachable => CallEndedReason.Unanswered,
        _ => CallEndedReason.Failed,
    };
}
