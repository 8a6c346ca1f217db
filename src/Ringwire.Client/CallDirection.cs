namespace Ringwire.Client;

/// <summary>Whether this device is the callee or the caller of a call.</summary>
public enum CallDirection
{
    /// <summary>Someone calls this device's user.</summary>
    Incoming,

    /// <summary>This device placed the call.</summary>
    Outgoing,
}
