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

    /// <summary>It was answered or started and reached Connected at some point.</summary>
    public bool WasConnected { get; set; }

    /// <summary>The system held it for a cellular call (R10); what happens when that call ends depends on who ended it.</summary>
    public bool HeldForCellular { get; set; }

    /// <summary>The incoming-call screen (ringing, or "connecting" after Answer) is on screen.</summary>
    public bool IncomingUiVisible => State is CallState.Ringing or CallState.Answering;

    /// <summary>What DTS calls "already on a call" (R5): answered or started and not ended. A ringing call is not.</summary>
    public bool Active => State is CallState.Answering or CallState.Starting or CallState.Connected or CallState.Held;

    public string Short => Uuid.ToString()[..8];
}
