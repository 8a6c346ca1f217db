namespace Ringwire.Client.CallKit;

/// <summary>Why the system refused to show an incoming call, with raw values (<c>CXErrorCodeIncomingCallError</c>, CXError.h).</summary>
public enum IncomingCallError
{
    /// <summary>An unknown error.</summary>
    Unknown = 0,

    /// <summary>The app is not entitled to report calls.</summary>
    Unentitled = 1,

    /// <summary>A call with this UUID exists already; still counts as reported (DTS thread 768136).</summary>
    CallUuidAlreadyExists = 2,

    /// <summary>Do Not Disturb is on and the caller is not a VIP.</summary>
    FilteredByDoNotDisturb = 3,

    /// <summary>The caller is on the user's block list.</summary>
    FilteredByBlockList = 4,
}
