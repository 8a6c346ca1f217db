namespace Ringwire.Core;

/// <summary>The result of asking for a change. Expected refusals are values, not exceptions.</summary>
public enum TransitionOutcome
{
    /// <summary>The call moved to a new state; write it.</summary>
    Applied,
    /// <summary>Nothing to change, and nothing wrong (ending an ended call, answering twice from the same device).</summary>
    Unchanged,
    /// <summary>The call is terminal (409 call_ended).</summary>
    CallEnded,
    /// <summary>Another device of the callee answered first (409 answered_elsewhere).</summary>
    AnsweredElsewhere,
    /// <summary>The actor may not do this (403 forbidden).</summary>
    Forbidden,
    /// <summary>A deadline fired early or was met (a device claimed in time): nothing is due yet.</summary>
    NotDue,
}
