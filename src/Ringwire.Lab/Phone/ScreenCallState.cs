namespace Ringwire.Lab.Phone;

/// <summary>Where a call stands on the phone's screen.</summary>
public enum ScreenCallState
{
    /// <summary>Incoming, on the incoming-call screen.</summary>
    Ringing,

    /// <summary>Incoming, the user (or the app) answered; the screen says "connecting" until the app fulfils the answer.</summary>
    Answering,

    /// <summary>
    /// Outgoing, not connected yet: the screen says "Calling…" from the start action until the app reports the call
    /// connected (<c>reportOutgoingCall(with:connectedAt:)</c>), whether or not it fulfilled the start meanwhile.
    /// </summary>
    Starting,

    Connected,
    Held,
    Ended,
}
