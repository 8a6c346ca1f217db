namespace Ringwire.Push;

/// <summary>The answer to one push, as a value: expected failures are not exceptions.</summary>
public readonly record struct PushOutcome(
    PushResult Result,
    string? Reason = null,
    int? Status = null,
    DateTimeOffset? TokenInvalidSince = null)
{
    public static PushOutcome Delivered { get; } = new(PushResult.Delivered, Status: 200);
}
