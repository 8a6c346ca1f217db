using System.Diagnostics;
using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Tests;

/// <summary>Misbehaviour on demand (<see cref="ApnsFaults"/>), only for requests Apple would have taken.</summary>
public sealed class FaultTests
{
    [Theory]
    [InlineData(nameof(ApnsFaults.TooManyRequestsRate), 429, ApnsReasons.TooManyRequests)]
    [InlineData(nameof(ApnsFaults.InternalServerErrorRate), 500, ApnsReasons.InternalServerError)]
    [InlineData(nameof(ApnsFaults.ServiceUnavailableRate), 503, ApnsReasons.ServiceUnavailable)]
    [InlineData(nameof(ApnsFaults.ShutdownRate), 503, ApnsReasons.Shutdown)]
    public async Task RateOne_GivesThatAnswerEveryTime_AndDeliversNothing(string rate, int status, string reason)
    {
        await using var bed = await ApnsTestBed.StartAsync();
        typeof(ApnsFaults).GetProperty(rate)!.SetValue(bed.Simulator.Faults, 1.0);
        var device = bed.AddDevice();

        for (var i = 0; i < 3; i++)
        {
            var reply = await bed.SendAsync(new TestPush(device.Token));
            Assert.Equal((status, reason), (reply.Status, reply.Reason));
            Assert.Equal("application/json", reply.ContentType);
        }

        Assert.False(device.Inbox.TryRead(out _));
        Assert.All(bed.Simulator.Exchanges, e => Assert.False(e.Delivered));
    }

    [Fact]
    public async Task ResetRateOne_AbortsTheStreamWithoutAnswer_AndDeliversNothing()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        bed.Simulator.Faults.ResetRate = 1;
        var device = bed.AddDevice();

        await Assert.ThrowsAsync<HttpRequestException>(() => bed.SendAsync(new TestPush(device.Token)));

        var exchange = await bed.Simulator.WaitForExchangeAsync(_ => true, default).WithTimeout();
        Assert.Equal((0, null, false), (exchange.Status, exchange.Reason, exchange.Delivered));
        Assert.False(device.Inbox.TryRead(out _));
    }

    [Fact]
    public async Task GoAwayRateOne_AnswersThenClosesTheConnection()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        bed.Simulator.Faults.GoAwayRate = 1;
        var device = bed.AddDevice();

        var first = await bed.SendAsync(new TestPush(device.Token));
        Assert.Equal(200, first.Status);
        Assert.True(device.Inbox.TryRead(out _));

        // A request may still slip onto the closing connection before the client reads GOAWAY; within a few, one must not.
        var firstConnection = bed.Simulator.Exchanges[0].ConnectionId;
        var moved = false;
        for (var i = 0; i < 5 && !moved; i++)
        {
            Assert.Equal(200, (await bed.SendAsync(new TestPush(device.Token))).Status);
            moved = bed.Simulator.Exchanges[^1].ConnectionId != firstConnection;
        }

        Assert.True(moved);
    }

    [Fact]
    public async Task Override_FailsTheFirstRequests_ThenLetsThemThrough()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        bed.Simulator.Faults.Override = exchange => exchange.Sequence <= 2 ? (503, ApnsReasons.ServiceUnavailable) : null;
        var device = bed.AddDevice();

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await bed.SendAsync(new TestPush(device.Token))).Status);
        }

        Assert.Equal([503, 503, 200, 200], statuses);
        Assert.True(device.Inbox.TryRead(out _));
        Assert.True(device.Inbox.TryRead(out _));
        Assert.False(device.Inbox.TryRead(out _));
    }

    [Fact]
    public async Task Override_410_CarriesATimestamp()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        bed.Simulator.Faults.Override = _ => (410, ApnsReasons.Unregistered);
        var device = bed.AddDevice();

        var reply = await bed.SendAsync(new TestPush(device.Token));

        Assert.Equal((410, ApnsReasons.Unregistered, bed.Time.GetUtcNow().ToUnixTimeMilliseconds()), (reply.Status, reply.Reason, reply.Timestamp));
    }

    [Fact]
    public async Task Override_SeesTheRequestAsItWouldBeRecorded()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        ApnsExchange? seen = null;
        bed.Simulator.Faults.Override = exchange =>
        {
            seen = exchange;
            return null;
        };
        var device = bed.AddDevice();

        await bed.SendAsync(new TestPush(device.Token));

        Assert.NotNull(seen);
        Assert.Equal((200, device.Token, "POST"), (seen.Status, seen.Token, seen.Method));
        Assert.Equal(ApnsTestBed.VoipTopic, seen.Headers["apns-topic"]);
    }

    [Fact]
    public async Task Faults_DoNotTouchRequestsAppleWouldRefuse()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        bed.Simulator.Faults.ResetRate = 1;
        bed.Simulator.Faults.Override = _ => (500, ApnsReasons.InternalServerError);

        var reply = await bed.SendAsync(new TestPush(ApnsTestBed.NewToken()));

        Assert.Equal((400, ApnsReasons.BadDeviceToken), (reply.Status, reply.Reason));
    }

    [Fact]
    public async Task AddedLatency_DelaysTheAnswer()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        bed.Simulator.Faults.AddedLatency = TimeSpan.FromMilliseconds(300);
        var device = bed.AddDevice();

        var clock = Stopwatch.StartNew();
        var reply = await bed.SendAsync(new TestPush(device.Token));

        Assert.Equal(200, reply.Status);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task Seed_MakesTheDiceRepeatable()
    {
        async Task<List<int>> RunAsync()
        {
            await using var bed = await ApnsTestBed.StartAsync(o => o.Seed = 42);
            bed.Simulator.Faults.TooManyRequestsRate = 0.5;
            var device = bed.AddDevice();
            var statuses = new List<int>();
            for (var i = 0; i < 12; i++)
            {
                statuses.Add((await bed.SendAsync(new TestPush(device.Token))).Status);
            }

            return statuses;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains(200, first);
        Assert.Contains(429, first);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void Rate_OutsideZeroToOne_IsRefused(double rate)
    {
        var faults = new ApnsFaults();

        Assert.Throws<ArgumentOutOfRangeException>(() => faults.TooManyRequestsRate = rate);
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.AddedLatency = TimeSpan.FromSeconds(-1));
    }
}
