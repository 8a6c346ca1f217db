namespace Ringwire.Server.Options;

public sealed class RateLimitOptions
{
    /// <summary>Calls one user token may place per minute (a burst of that size, refilled each minute); 0 turns it off. API keys are not limited.</summary>
    public int CallsPerMinutePerUser { get; set; } = 60;
}
