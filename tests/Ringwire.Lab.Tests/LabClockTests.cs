using Ringwire.Lab;

namespace Ringwire.Lab.Tests;

public sealed class LabClockTests
{
    [Fact]
    public void Advance_MovesTimeAheadOfTheSystemClock()
    {
        var clock = new LabClock();

        clock.Advance(TimeSpan.FromHours(2));

        var ahead = clock.GetUtcNow() - DateTimeOffset.UtcNow;
        Assert.InRange(ahead, TimeSpan.FromHours(2) - TimeSpan.FromSeconds(5), TimeSpan.FromHours(2) + TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromHours(2), clock.Skipped);
    }

    [Fact]
    public async Task Timer_DueInAnHour_FiresWhenTheClockJumpsPastIt()
    {
        var clock = new LabClock();
        var fired = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        var due = clock.GetUtcNow() + TimeSpan.FromHours(1);
        using var timer = clock.CreateTimer(_ => fired.TrySetResult(clock.GetUtcNow()), null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.False(fired.Task.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await fired.Task.WithTimeout() >= due);
    }

    [Fact]
    public async Task Timer_FiresWithRealTimeAlone()
    {
        var clock = new LabClock();
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = clock.GetTimestamp();

        using var timer = clock.CreateTimer(_ => fired.TrySetResult(), null, TimeSpan.FromMilliseconds(30), Timeout.InfiniteTimeSpan);
        await fired.Task.WithTimeout();

        Assert.True(clock.GetElapsedTime(start) >= TimeSpan.FromMilliseconds(30));
    }

    [Fact]
    public async Task Delay_OnTheClock_EndsWithTheJump()
    {
        var clock = new LabClock();
        var delay = Task.Delay(TimeSpan.FromMinutes(5), clock);

        clock.Advance(TimeSpan.FromMinutes(5));

        await delay.WithTimeout();
    }

    [Fact]
    public async Task PeriodicTimer_FiresOncePerPeriodJumpedOver()
    {
        var clock = new LabClock();
        var ticks = 0;
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = clock.CreateTimer(_ =>
        {
            if (Interlocked.Increment(ref ticks) == 3)
            {
                third.TrySetResult();
            }
        }, null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        clock.Advance(TimeSpan.FromMinutes(3));

        await third.Task.WithTimeout();
    }

    [Fact]
    public async Task DisposedTimer_NeverFires()
    {
        var clock = new LabClock();
        var disposedFired = false;
        var probe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var disposed = clock.CreateTimer(_ => disposedFired = true, null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);
        using var live = clock.CreateTimer(_ => probe.TrySetResult(), null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);

        disposed.Dispose();
        clock.Advance(TimeSpan.FromMinutes(2));
        await probe.Task.WithTimeout();

        Assert.False(disposedFired);
    }
}
