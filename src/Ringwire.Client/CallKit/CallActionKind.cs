namespace Ringwire.Client.CallKit;

/// <summary>The CallKit actions Ringwire uses (<c>CXAnswerCallAction</c>, <c>CXEndCallAction</c>, …).</summary>
public enum CallActionKind
{
    /// <summary>Answer an incoming call.</summary>
    Answer,

    /// <summary>End, decline or cancel a call (the system has a single end path: DTS thread 765367).</summary>
    End,

    /// <summary>Put a call on hold.</summary>
    Hold,

    /// <summary>Take a call off hold.</summary>
    Unhold,

    /// <summary>Start an outgoing call.</summary>
    Start,
}
