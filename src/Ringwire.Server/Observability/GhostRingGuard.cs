namespace Ringwire.Server.Observability;

/// <summary>
/// The places where the server keeps a phone from ringing for a call that is over, or from a second VoIP push for one
/// call (contract §5: never more than one VoIP push per call per device, none once the call is terminal). Each is
/// counted on <c>ringwire.ghost_ring.guards</c> under its <see cref="GhostRingGuards.Name"/>.
/// </summary>
public enum GhostRingGuard
{
    /// <summary>A callee device claimed a call that is over for it: the reply carries its end reason, so it stops ringing.</summary>
    ClaimOfEndedCall,

    /// <summary>
    /// An event older than one the device was already sent was not passed on: another node's notice read late, or the
    /// replay of ringing calls on connect overtaken by the event that ended the call.
    /// </summary>
    StaleEventDropped,

    /// <summary>A wake-up push was not sent: the call stopped ringing before it left.</summary>
    PushAfterEnd,

    /// <summary>A refused push was not tried again: the call stopped ringing during the back-off.</summary>
    RetryAfterEnd,

    /// <summary>A refused push was not tried again: the next attempt would come within 2 s of ringUntil (contract §7).</summary>
    RetryNearRingUntil,

    /// <summary>A push that got no answer was not tried again: it may have arrived, and a retry could be a second VoIP push.</summary>
    UnconfirmedNotRetried,

    /// <summary>
    /// At start-up, a ringing call whose push outcome was never recorded (it was on its way when a node stopped) was not
    /// pushed again: the phone may have it already.
    /// </summary>
    InFlightPushNotResent,
}
