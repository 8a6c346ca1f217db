namespace Ringwire.Cli.Tests;

/// <summary>The real clock, moved by a fixed amount: a simulator whose time is not this machine's.</summary>
internal sealed class ShiftedClock(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
}
