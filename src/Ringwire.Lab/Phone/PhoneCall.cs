using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Phone;

/// <summary>callservicesd's record of one call. Guarded by the daemon's lock.</summary>
internal sealed class PhoneCall(Guid uuid, VirtualCallProvider provider, bool incoming, CallState state)
{
    public Guid Uuid { get; } = uuid;

    public VirtualCallProvider Provider { get; } = provider;

    public bool Incoming { get; } = incoming;

    public CallState State { get; set; } = state;

    public CallHandle? Handle { get; set; }

    public string? CallerName { get; set; }

    public bool? HasVideo { get; set; }

    public bool? SupportsHolding { get; set; }

    /// <summary>It was answered, or started and reported connected, and reached Connected at some point.</summary>
    public bool WasConnected { get; set; }

    /// <summary>Outgoing: when the app reported it started connecting (true time), if it did.</summary>
    public DateTimeOffset? StartedConnectingAt { get; set; }

    /// <summary>
    /// When it connected (true time): the answer's fulfilment, or the date of the app's connected report for an outgoing
    /// call. Set before <see cref="WasConnected"/> when that report comes while the Start action is still pending.
    /// </summary>
    public DateTimeOffset? ConnectedAt { get; set; }

    /// <summary>The system held it for a cellular call (R10); what happens when that call ends depends on who ended it.</summary>
    public bool HeldForCellular { get; set; }

    /// <summary>The incoming-call screen (ringing, or "connecting" after Answer) is on screen.</summary>
    public bool IncomingUiVisible => State is CallState.Ringing or CallState.Answering;

    /// <summary>What DTS calls "already on a call" (R5): answered or started and not ended. A ringing call is not.</summary>
    public bool Active => State is CallState.Answering or CallState.Starting or CallState.Dialing or CallState.Connected or CallState.Held;

    /// <summary>R10: its Answer or Start was fulfilled and it is not on hold, so callservicesd keeps call audio up for it.</summary>
    public bool HasCallAudio => State is CallState.Connected or CallState.Dialing;

    public string Short => Uuid.ToString()[..8];
}
