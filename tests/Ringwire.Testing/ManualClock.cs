namespace Ringwire.Testing;

/// <summary>
/// A clock that moves only when a test says so. Timers fire on the thread that calls <see cref="Advance"/>, in due
/// order, each seeing the clock at its own due time; a timer armed with a zero due time fires at once on the thread
/// pool, as a real one does.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    /// <summary>A whole-millisecond start, so that times survive the store's millisecond precision unchanged.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<(Func<DateTimeOffset, bool> Match, TaskCompletionSource<DateTimeOffset> Done)> _armWaiters = [];
    private DateTimeOffset _now;
    private long _sequence;

    public ManualClock()
        : this(DefaultStart)
    {
    }

    public ManualClock(DateTimeOffset start)
    {
        _now = start;
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + by;
        }

        AdvanceTo(target);
    }

    /// <summary>Moves the clock forward to <paramref name="target"/>, firing every timer due by then.</summary>
    public void AdvanceTo(DateTimeOffset target)
    {
        while (true)
        {
            ManualTimer? next = null;
            lock (_lock)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(target, _now);
                foreach (var timer in _timers)
                {
                    if (timer.Due is { } due && due <= target && (next is null || due < next.Due || (due == next.Due && timer.Order < next.Order)))
                    {
                        next = timer;
                    }
                }

                if (next is null)
                {
                    _now = target;
                    return;
                }

                if (next.Due > _now)
                {
                    _now = next.Due.Value;
                }

                next.Due = next.Period is { } period ? _now + period : null;
            }

            next.Fire();
        }
    }

    /// <summary>
    /// Completes when a timer is next armed (created or changed) with a due time that <paramref name="match"/> accepts:
    /// a positive sign that the server looked at a deadline and decided when to look again.
    /// </summary>
    public Task<DateTimeOffset> WhenArmedAsync(Func<DateTimeOffset, bool> match)
    {
        var done = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _armWaiters.Add((match, done));
        }

        return done.Task;
    }

    internal bool Arm(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        var fireNow = false;
        List<TaskCompletionSource<DateTimeOffset>> matched = [];
        DateTimeOffset due;
        lock (_lock)
        {
            if (!_timers.Contains(timer))
            {
                return false;
            }

            timer.Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? null : period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                timer.Due = null;
                return true;
            }

            due = _now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            timer.Order = ++_sequence;
            if (due <= _now)
            {
                // Due at once: fire now, off this thread, like a real timer; a period re-arms from now.
                fireNow = true;
                timer.Due = timer.Period is { } p ? _now + p : null;
            }
            else
            {
                timer.Due = due;
            }

            for (var i = _armWaiters.Count - 1; i >= 0; i--)
            {
                if (_armWaiters[i].Match(due))
                {
                    matched.Add(_armWaiters[i].Done);
                    _armWaiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in matched)
        {
            waiter.TrySetResult(due);
        }

        if (fireNow)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static t => t.Fire(), timer, preferLocal: false);
        }

        return true;
    }

    internal void Remove(ManualTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    /// <summary>How many timers are armed now with a due time that <paramref name="match"/> accepts.</summary>
    public int ArmedTimers(Func<DateTimeOffset, bool> match)
    {
        lock (_lock)
        {
            return _timers.Count(t => t.Due is { } due && match(due));
        }
    }
}
