using Ringwire.Core;

namespace Ringwire.Server.Calls;

/// <summary>The call after an action, or null when the call does not exist for the asker (404, never revealing it).</summary>
public readonly record struct CallActionResult(Call? Call, TransitionOutcome Outcome)
{
    public static CallActionResult NotFound { get; } = new(null, TransitionOutcome.Unchanged);

    public bool Succeeded => Call is not null && Outcome is TransitionOutcome.Applied or TransitionOutcome.Unchanged or TransitionOutcome.NotDue;
}
