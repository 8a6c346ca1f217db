namespace Ringwire.Server.Calls;

/// <summary>What a party asks of a call, over REST or the device channel.</summary>
public enum CallAction
{
    Answer,
    Decline,
    End,
}
