using Ringwire.Core;

namespace Ringwire.Server.Options;

public sealed class RingingOptions
{
    public int DefaultRingSeconds { get; set; } = 45;
    public int MaxRingSeconds { get; set; } = 120;
    /// <summary>A ringing call with no callee device that claimed it or is connected by then ends unreachable.</summary>
    public double ClaimTimeoutSeconds { get; set; } = 10;
    public BusyPolicy BusyPolicy { get; set; } = BusyPolicy.Ring;

    public RingingRules ToRules() => new()
    {
        DefaultRingSeconds = DefaultRingSeconds,
        MaxRingSeconds = MaxRingSeconds,
        ClaimTimeout = TimeSpan.FromSeconds(ClaimTimeoutSeconds),
        BusyPolicy = BusyPolicy,
    };
}
