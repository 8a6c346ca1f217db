namespace Ringwire.Push.Tests;

public sealed class PushRetryBudgetTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FarAway = Now.AddMinutes(5);

    [Theory]
    [InlineData(1, 125, 250)]
    [InlineData(2, 250, 500)]
    [InlineData(3, 500, 1000)]
    [InlineData(4, 1000, 2000)]
    [InlineData(5, 1000, 2000)]
    [InlineData(40, 1000, 2000)]
    public void NextDelay_DoublesUpToTheCap_WithJitterBetweenHalfAndAll(int failures, int shortestMs, int longestMs)
    {
        var low = new PushRetryBudget(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2), () => 0.0);
        var high = new PushRetryBudget(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2), () => 1.0);

        Assert.Equal(TimeSpan.FromMilliseconds(shortestMs), low.NextDelay(failures, Now, FarAway));
        Assert.Equal(TimeSpan.FromMilliseconds(longestMs), high.NextDelay(failures, Now, FarAway));
    }

    [Fact]
    public void NextDelay_StopsWhenTheNextAttemptWouldBeWithinTwoSecondsOfRingUntil()
    {
        var budget = new PushRetryBudget(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), () => 1.0);

        Assert.Equal(TimeSpan.FromSeconds(1), budget.NextDelay(1, Now, Now.AddMilliseconds(3001)));
        Assert.Null(budget.NextDelay(1, Now, Now.AddMilliseconds(3000)));
        Assert.Null(budget.NextDelay(1, Now, Now.AddSeconds(1)));
        Assert.Null(budget.NextDelay(1, Now, Now.AddSeconds(-1)));
    }

    [Fact]
    public void NextDelay_BeforeAnyFailure_IsAMistake() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PushRetryBudget.Default.NextDelay(0, Now, FarAway));
}
