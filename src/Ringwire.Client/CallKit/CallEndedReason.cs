namespace Ringwire.Client.CallKit;

/// <summary>Why a call ended, with CallKit's raw values (<c>CXCallEndedReason</c>, CXProvider.h; there is no 0).</summary>
public enum CallEndedReason
{
    /// <summary>An error occurred while trying to service the call.</summary>
    Failed = 1,

    /// <summary>The remote party explicitly ended the call.</summary>
    RemoteEnded = 2,

    /// <summary>The call never started connecting and was never explicitly ended.</summary>
    Unanswered = 3,

    /// <summary>The call was answered on another device.</summary>
    AnsweredElsewhere = 4,

    /// <summary>The call was declined on another device.</summary>
    DeclinedElsewhere = 5,
}
