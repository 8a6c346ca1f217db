namespace Ringwire.Server.Calls;

/// <summary>What a party asks of a call, over REST or the device channel.</summary>
public enum CallAction
{
    Answer,
    Decline,

    /// <summary>Decline because the device is on another call and has no call waiting: the call ends declined/busy.</summary>
    DeclineBusy,
    End,
}
