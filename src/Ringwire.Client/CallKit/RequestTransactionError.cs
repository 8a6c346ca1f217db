namespace Ringwire.Client.CallKit;

/// <summary>Why a requested transaction was refused, with raw values (<c>CXErrorCodeRequestTransactionError</c>, CXError.h).</summary>
public enum RequestTransactionError
{
    /// <summary>An unknown error.</summary>
    Unknown = 0,

    /// <summary>The app is not entitled to perform the actions.</summary>
    Unentitled = 1,

    /// <summary>No valid call provider, e.g. after a provider reset (DTS thread 801418).</summary>
    UnknownCallProvider = 2,

    /// <summary>The transaction contains no actions.</summary>
    EmptyTransaction = 3,

    /// <summary>An action names a call the system does not know.</summary>
    UnknownCallUuid = 4,

    /// <summary>A start action names a call that exists already.</summary>
    CallUuidAlreadyExists = 5,

    /// <summary>The transaction contains an invalid action.</summary>
    InvalidAction = 6,

    /// <summary>It would exceed the provider's maximum number of call groups.</summary>
    MaximumCallGroupsReached = 7,
}
