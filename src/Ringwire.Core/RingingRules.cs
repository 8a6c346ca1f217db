namespace Ringwire.Core;

/// <summary>The ringing policy a deployment configures (contract §1, <c>Ringwire:Ringing:*</c>).</summary>
public sealed record RingingRules
{
    public const int MinRingSeconds = 5;

    public int DefaultRingSeconds { get; init; } = 45;
    public int MaxRingSeconds { get; init; } = 120;
    public TimeSpan ClaimTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public BusyPolicy BusyPolicy { get; init; } = BusyPolicy.Ring;
}
