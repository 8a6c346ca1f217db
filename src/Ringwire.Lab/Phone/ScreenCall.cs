using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Phone;

/// <summary>One call as the phone's screen shows it (or showed it, once ended), read from the phone's timeline.</summary>
/// <param name="CallUuid">CallKit's UUID of the call.</param>
/// <param name="Incoming">Reported by the app as incoming (else started by it as outgoing).</param>
/// <param name="State">Where it stands now.</param>
/// <param name="Display">What the screen shows for the other party: the name, else the handle; null when nothing is known.</param>
/// <param name="EndReason">The reason CallKit was given when the call ended; null while live or when ended by a user action.</param>
/// <param name="EndedBy">Who ended it, once ended.</param>
/// <param name="ShownAt">When it appeared on the screen.</param>
public sealed record ScreenCall(
    Guid CallUuid,
    bool Incoming,
    ScreenCallState State,
    string? Display,
    CallEndedReason? EndReason,
    PhoneActor? EndedBy,
    DateTimeOffset ShownAt);
