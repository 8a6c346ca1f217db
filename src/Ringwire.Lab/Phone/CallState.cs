namespace Ringwire.Lab.Phone;

/// <summary>Where a call is, as callservicesd sees it.</summary>
internal enum CallState
{
    /// <summary>Reported incoming and showing the incoming-call screen.</summary>
    Ringing,

    /// <summary>The user answered; the Answer action is not fulfilled yet ("connecting").</summary>
    Answering,

    /// <summary>Outgoing; the Start action is not fulfilled yet.</summary>
    Starting,

    /// <summary>
    /// Outgoing; the Start action is fulfilled (call audio is up, for the ringback) but the app has not reported it
    /// connected (<c>reportOutgoingCall(with:connectedAt:)</c>): the screen says "Calling…".
    /// </summary>
    Dialing,

    Connected,
    Held,
    Ended,
}
