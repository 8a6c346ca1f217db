using Ringwire.Core;
using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Tests;

/// <summary>Every request is recorded with its answer, in arrival order, up to a bound.</summary>
public sealed class ExchangeTests
{
    [Fact]
    public async Task EveryRequest_IsRecordedWithItsAnswer_AlsoRefusedOnes()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        var apnsId = Guid.NewGuid();

        await bed.SendAsync(new TestPush(device.Token) { ApnsId = apnsId.ToString(), Body = """{"a":1}"""u8.ToArray() });
        await bed.SendAsync(new TestPush(device.Token) { Path = "/nowhere" });
        await bed.SendAsync(new TestPush(device.Token) { Anonymous = true });

        var exchanges = bed.Simulator.Exchanges;
        Assert.Equal([1L, 2L, 3L], exchanges.Select(e => e.Sequence));
        Assert.Equal([200, 404, 403], exchanges.Select(e => e.Status));
        Assert.Equal([null, ApnsReasons.BadPath, ApnsReasons.MissingProviderToken], exchanges.Select(e => e.Reason));
        Assert.Single(exchanges.Select(e => e.ConnectionId).Distinct());

        var accepted = exchanges[0];
        Assert.Equal(("POST", $"/3/device/{device.Token}", device.Token, apnsId, true), (accepted.Method, accepted.Path, accepted.Token, accepted.ApnsId, accepted.Delivered));
        Assert.Equal(ApnsTestBed.VoipTopic, accepted.Headers["apns-topic"]);
        Assert.Equal($"bearer {bed.Jwt}", accepted.Headers["authorization"]);
        Assert.Equal("""{"a":1}"""u8.ToArray(), accepted.Body.ToArray());
        Assert.Equal(bed.Time.GetUtcNow(), accepted.ReceivedAt);
        Assert.Null(exchanges[1].Token);
    }

    [Fact]
    public async Task WaitForExchange_FindsOneAlreadyRecordedOrStillToCome()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        await bed.SendAsync(new TestPush(device.Token));

        var past = await bed.Simulator.WaitForExchangeAsync(e => e.Status == 200, default).WithTimeout();
        var future = bed.Simulator.WaitForExchangeAsync(e => e.Status == 400, default);
        Assert.False(future.IsCompleted);
        await bed.SendAsync(new TestPush(ApnsTestBed.NewToken()));

        Assert.Equal(1, past.Sequence);
        Assert.Equal(2, (await future.WithTimeout()).Sequence);
    }

    [Fact]
    public async Task WaitForExchange_Cancelled_EndsTheWait()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        using var cancel = new CancellationTokenSource();

        var waiting = bed.Simulator.WaitForExchangeAsync(_ => true, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WithTimeout());
    }

    [Fact]
    public async Task ExchangeRecorded_IsRaisedForEachExchange()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var raised = new TaskCompletionSource<ApnsExchange>(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Simulator.ExchangeRecorded += (_, exchange) => raised.TrySetResult(exchange);

        await bed.SendAsync(new TestPush(ApnsTestBed.NewToken()));

        Assert.Equal(ApnsReasons.BadDeviceToken, (await raised.Task.WithTimeout()).Reason);
    }

    [Fact]
    public async Task Exchanges_BeyondTheCap_KeepOnlyTheMostRecent()
    {
        await using var bed = await ApnsTestBed.StartAsync(exchangeCapacity: 3);

        for (var i = 0; i < 5; i++)
        {
            await bed.SendAsync(new TestPush(ApnsTestBed.NewToken()));
        }

        Assert.Equal([3L, 4L, 5L], bed.Simulator.Exchanges.Select(e => e.Sequence));
    }

    [Fact]
    public void ExchangeLog_KeepsAtMost100000ByDefault_DroppingTheOldest()
    {
        var log = new ExchangeLog(ExchangeLog.DefaultCapacity);
        for (var i = 1; i <= ExchangeLog.DefaultCapacity + 2; i++)
        {
            log.Record(Exchange(i));
        }

        var kept = log.Snapshot();
        Assert.Equal(100_000, kept.Count);
        Assert.Equal(3, kept[0].Sequence);
        Assert.Equal(100_002, kept[^1].Sequence);
    }

    [Fact]
    public void ExchangeLog_Snapshot_IsInArrivalOrderEvenWhenAnswersCameOutOfOrder()
    {
        var log = new ExchangeLog(10);

        log.Record(Exchange(2));
        log.Record(Exchange(1));
        log.Record(Exchange(3));

        Assert.Equal([1L, 2L, 3L], log.Snapshot().Select(e => e.Sequence));
    }

    [Fact]
    public async Task AddDevice_WithMalformedToken_Throws()
    {
        await using var bed = await ApnsTestBed.StartAsync();

        Assert.Throws<ArgumentException>(() => bed.Simulator.AddDevice("abc", ApnsTestBed.VoipTopic, ApnsEnvironment.Sandbox));
        Assert.Throws<ArgumentException>(() => bed.Simulator.Unregister("abc", DateTimeOffset.UnixEpoch));
    }

    private static ApnsExchange Exchange(long sequence) =>
        new(sequence, "c", DateTimeOffset.UnixEpoch, "POST", "/", null, new Dictionary<string, string>(), ReadOnlyMemory<byte>.Empty, 200, null, null, Guid.Empty, false);
}
