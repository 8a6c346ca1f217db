namespace Ringwire.Server.Calls;

/// <summary>The optional <c>reason</c> of a decline: <c>"busy"</c> when the device is on another call and has no call waiting.</summary>
public static class DeclineReason
{
    public const string Requirement = "reason may only be \"busy\", and only when declining.";

    /// <summary>The action <paramref name="reason"/> turns <paramref name="action"/> into, or null when the pair makes no sense.</summary>
    public static CallAction? Apply(CallAction action, string? reason) => (action, reason) switch
    {
        (_, null) => action,
        (CallAction.Decline, "busy") => CallAction.DeclineBusy,
        _ => null,
    };
}
