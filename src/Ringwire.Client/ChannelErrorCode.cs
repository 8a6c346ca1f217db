namespace Ringwire.Client;

/// <summary>The <c>code</c> of an <c>error</c> reply on the device channel (contract §6).</summary>
public enum ChannelErrorCode
{
    /// <summary>A code this version of the library does not know.</summary>
    Unknown,

    /// <summary>No such call, or not one of this user's calls.</summary>
    NotFound,

    /// <summary>The call is in a terminal state.</summary>
    CallEnded,

    /// <summary>Another device of the callee answered first.</summary>
    AnsweredElsewhere,

    /// <summary>The request was malformed.</summary>
    InvalidRequest,

    /// <summary>The user acted outside its role (e.g. the caller answering).</summary>
    Forbidden,
}
