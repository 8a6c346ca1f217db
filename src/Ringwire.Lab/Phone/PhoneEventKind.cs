namespace Ringwire.Lab.Phone;

/// <summary>What a <see cref="PhoneEvent"/> records.</summary>
public enum PhoneEventKind
{
    AppInstalled,
    AppReinstalled,
    AppLaunched,

    /// <summary>The user force-quit the app, or a reinstall/update replaced it: no strike.</summary>
    AppTerminated,

    /// <summary>The app was killed (<see cref="PhoneEvent.Crash"/> tells how, <see cref="PhoneEvent.Message"/> the exact text).</summary>
    AppCrashed,

    /// <summary>A termination the debugger prevented (assumption, see <see cref="VirtualIPhoneSettings.DebuggerAttached"/>).</summary>
    TerminationSuppressed,

    /// <summary>A VoIP push was handed to the app's PushKit delegate.</summary>
    VoipPushDelivered,

    /// <summary>The app called the PushKit completion handler (recorded only: R3, nothing checks it).</summary>
    VoipPushCompletionCalled,

    /// <summary>A push that never reached the app (blocked, not installed, offline, unsupported type).</summary>
    PushDropped,

    /// <summary>An <c>alert</c> push shown as a banner.</summary>
    AlertShown,

    /// <summary>The app called reportNewIncomingCall (<see cref="PhoneEvent.IncomingError"/> is its answer).</summary>
    IncomingCallReported,

    /// <summary>A reported call whose handle is missing or empty: iOS 26 breaks the in-call "More" button.</summary>
    EmptyHandleDefect,

    RingingStarted,
    RingingStopped,
    CallUpdated,

    /// <summary>The incoming-call screen turned into "Call Failed".</summary>
    CallFailedShown,

    /// <summary>The user tapped Answer.</summary>
    AnswerTapped,

    /// <summary>The app requested a transaction (<see cref="PhoneEvent.TransactionError"/> is the answer).</summary>
    TransactionRequested,

    /// <summary>The system asked the app to perform an action.</summary>
    ActionSent,
    ActionCompleted,
    ActionTimedOut,

    /// <summary>The app reported that an outgoing call started connecting (<c>reportOutgoingCall(with:startedConnectingAt:)</c>).</summary>
    OutgoingCallConnecting,

    /// <summary>
    /// A call is connected: an incoming one when its answer is fulfilled, an outgoing one when the app reports it connected
    /// (<c>reportOutgoingCall(with:connectedAt:)</c>), not when its start is fulfilled.
    /// </summary>
    CallConnected,
    CallHeld,
    CallUnheld,
    CallEnded,
    AudioActivated,
    AudioDeactivated,
    AudioActivationFailed,
    RecentsEntryAdded,
    StrikeCounted,

    /// <summary>R2's callservicesd check ran for a push (<see cref="PhoneEvent.ApnsId"/>); a kill follows when it failed.</summary>
    DaemonCheckRan,

    /// <summary>callservicesd stopped launching the app for VoIP pushes (R4).</summary>
    VoipBlocked,
    VoipUnblocked,

    /// <summary>callservicesd crashed and every provider was reset (R9).</summary>
    DaemonReset,
    CellularCallStarted,
    CellularCallEnded,

    /// <summary>A terminated app instance (or a dead provider) called in; it was ignored.</summary>
    IgnoredCall,
}
