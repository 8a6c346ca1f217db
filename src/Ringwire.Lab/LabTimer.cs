namespace Ringwire.Lab;

/// <summary>
/// A <see cref="LabClock"/> timer: its due time is kept in lab time, and a real timer waits for the real time left,
/// re-armed whenever the clock jumps.
/// </summary>
internal sealed class LabTimer : ITimer
{
    private readonly Lock _lock = new();
    private readonly LabClock _clock;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private readonly Timer _real;
    private DateTimeOffset? _due;
    private TimeSpan _period;
    private bool _disposed;

    public LabTimer(LabClock clock, TimerCallback callback, object? state)
    {
        _clock = clock;
        _callback = callback;
        _state = state;
        _real = new Timer(static s => ((LabTimer)s!).OnRealTimer(), this, Timeout.Infinite, Timeout.Infinite);
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return false;
            }

            _due = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + dueTime;
            _period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            ArmLocked();
            return true;
        }
    }

    /// <summary>The clock jumped: wait for less real time, or fire now.</summary>
    public void Rearm()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                ArmLocked();
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _due = null;
        }

        _real.Dispose();
        _clock.Forget(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void ArmLocked()
    {
        if (_due is not { } due)
        {
            _real.Change(Timeout.Infinite, Timeout.Infinite);
            return;
        }

        var left = due - _clock.GetUtcNow();
        _real.Change(left <= TimeSpan.Zero ? TimeSpan.Zero : left, Timeout.InfiniteTimeSpan);
    }

    private void OnRealTimer()
    {
        lock (_lock)
        {
            if (_disposed || _due is not { } due)
            {
                return;
            }

            if (_clock.GetUtcNow() < due)
            {
                // Woken a little early (real timers are coarse): wait for the rest.
                ArmLocked();
                return;
            }

            _due = _period > TimeSpan.Zero ? due + _period : null;
            ArmLocked();
        }

        _callback(_state);
    }
}
