namespace Ringwire.Testing;

/// <summary>A timer of <see cref="ManualClock"/>: it fires only when the clock is advanced past its due time.</summary>
internal sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
{
    /// <summary>When it fires next, or null when disarmed. Guarded by the clock's lock.</summary>
    public DateTimeOffset? Due { get; set; }

    public TimeSpan? Period { get; set; }

    /// <summary>Arming order: timers due at the same moment fire in the order they were armed.</summary>
    public long Order { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period) => clock.Arm(this, dueTime, period);

    public void Fire() => callback(state);

    public void Dispose() => clock.Remove(this);

    public ValueTask DisposeAsync()
    {
        clock.Remove(this);
        return ValueTask.CompletedTask;
    }
}
