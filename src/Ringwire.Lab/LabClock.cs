using System.Diagnostics;

namespace Ringwire.Lab;

/// <summary>
/// Real time that a scenario can jump forward. Round trips take the milliseconds they really take — which is what a
/// ghost-ring figure measures — while a 7 s daemon check or a 45 s ring timeout passes in one <see cref="Advance"/>.
/// Timers fire when their due time is reached, by waiting or by a jump.
/// </summary>
public sealed class LabClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly HashSet<LabTimer> _timers = [];
    private long _skippedTicks;

    /// <summary>How far the clock was moved ahead of real time in all.</summary>
    public TimeSpan Skipped => TimeSpan.FromTicks(Interlocked.Read(ref _skippedTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Skipped;

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override long GetTimestamp() =>
        Stopwatch.GetTimestamp() + (long)(Interlocked.Read(ref _skippedTicks) * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new LabTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Jumps forward; every timer due on the way fires at once, on the thread pool.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        LabTimer[] timers;
        lock (_lock)
        {
            Interlocked.Add(ref _skippedTicks, by.Ticks);
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Rearm();
        }
    }

    internal void Forget(LabTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }
}
