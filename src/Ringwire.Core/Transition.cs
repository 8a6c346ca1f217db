namespace Ringwire.Core;

/// <summary>An outcome and the call after it; <see cref="Call"/> is the unchanged call unless <see cref="TransitionOutcome.Applied"/>.</summary>
public readonly record struct Transition(TransitionOutcome Outcome, Call Call)
{
    public bool Applied => Outcome == TransitionOutcome.Applied;
}
