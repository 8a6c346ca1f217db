namespace Ringwire.Lab.Phone;

/// <summary>
/// The phone's own clock: the true time plus a skew that can change while running. Timers and timestamps are the true
/// clock's, since a wrong wall clock does not make intervals run faster.
/// </summary>
internal sealed class SkewedClock(TimeProvider time) : TimeProvider
{
    private long _skewTicks;

    public TimeSpan Skew
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _skewTicks));
        set => Interlocked.Exchange(ref _skewTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => time.GetUtcNow() + Skew;

    public override TimeZoneInfo LocalTimeZone => time.LocalTimeZone;

    public override long TimestampFrequency => time.TimestampFrequency;

    public override long GetTimestamp() => time.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        time.CreateTimer(callback, state, dueTime, period);
}
