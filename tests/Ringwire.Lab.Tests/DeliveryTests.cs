using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Tests;

/// <summary>
/// What happens to an accepted push (A1): delivered now when online; when offline, expiration 0 is dropped (unless APNs
/// had not noticed yet, forum thread 795610) and anything else is stored, one per app.
/// </summary>
public sealed class DeliveryTests
{
    [Fact]
    public async Task Accepted_ForAnOnlineDevice_IsInItsInboxAtOnce()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        var apnsId = Guid.NewGuid();
        var expiration = bed.Time.GetUtcNow().AddMinutes(1).ToUnixTimeSeconds();

        var reply = await bed.SendAsync(new TestPush(device.Token)
        {
            ApnsId = apnsId.ToString(),
            Priority = "5",
            Expiration = expiration.ToString(),
            CollapseId = "call-1",
            Body = """{"callId":"c9"}"""u8.ToArray(),
        });

        Assert.Equal(200, reply.Status);
        Assert.True(device.Inbox.TryRead(out var notification));
        Assert.Equal(
            new ApnsNotification(apnsId, "voip", ApnsTestBed.VoipTopic, 5, DateTimeOffset.FromUnixTimeSeconds(expiration), "call-1", notification.Payload, bed.Time.GetUtcNow()),
            notification);
        Assert.Equal("""{"callId":"c9"}"""u8.ToArray(), notification.Payload.ToArray());
        Assert.True(bed.Simulator.Exchanges.Single().Delivered);
    }

    [Fact]
    public async Task Accepted_WithExpirationZero_ForAnOfflineDevice_IsDropped()
    {
        await using var bed = await ApnsTestBed.StartAsync(o => o.StaleConnectionWindow = TimeSpan.FromSeconds(30));
        var device = bed.AddDevice();
        device.Online = false;
        bed.Time.Advance(TimeSpan.FromSeconds(30));

        var reply = await bed.SendAsync(new TestPush(device.Token) { Expiration = "0" });
        device.Online = true;

        Assert.Equal(200, reply.Status);
        Assert.False(bed.Simulator.Exchanges.Single().Delivered);
        Assert.False(device.Inbox.TryRead(out _));
    }

    [Fact]
    public async Task Accepted_WithExpirationZero_InTheStaleConnectionWindow_IsDeliveredWhenBackOnline()
    {
        await using var bed = await ApnsTestBed.StartAsync(o => o.StaleConnectionWindow = TimeSpan.FromSeconds(30));
        var device = bed.AddDevice();
        device.Online = false;
        bed.Time.Advance(TimeSpan.FromSeconds(29));

        var reply = await bed.SendAsync(new TestPush(device.Token) { Expiration = "0" });
        Assert.False(device.Inbox.TryRead(out _));
        bed.Time.Advance(TimeSpan.FromSeconds(25));
        device.Online = true;

        Assert.Equal(200, reply.Status);
        Assert.False(bed.Simulator.Exchanges.Single().Delivered);
        Assert.True(device.Inbox.TryRead(out var late));
        Assert.Equal(DateTimeOffset.UnixEpoch, late.Expiration);
    }

    [Fact]
    public async Task Accepted_WithExpiration_ForAnOfflineDevice_IsStoredOnePerTopic()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        device.Online = false;
        var expiration = bed.Time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds().ToString();

        await bed.SendAsync(new TestPush(device.Token) { Expiration = expiration, Body = """{"n":1}"""u8.ToArray() });
        await bed.SendAsync(new TestPush(device.Token) { Expiration = expiration, Body = """{"n":2}"""u8.ToArray() });
        device.Online = true;

        Assert.True(device.Inbox.TryRead(out var stored));
        Assert.Equal("""{"n":2}"""u8.ToArray(), stored.Payload.ToArray());
        Assert.False(device.Inbox.TryRead(out _));
        Assert.All(bed.Simulator.Exchanges, e => Assert.False(e.Delivered));
    }

    [Fact]
    public async Task Accepted_WithoutExpiration_ForAnOfflineDevice_IsStored()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        device.Online = false;

        await bed.SendAsync(new TestPush(device.Token));
        bed.Time.Advance(TimeSpan.FromDays(1));
        device.Online = true;

        Assert.True(device.Inbox.TryRead(out var stored));
        Assert.Null(stored.Expiration);
    }

    [Fact]
    public async Task Stored_WhoseExpirationPassed_IsNotDeliveredWhenBackOnline()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        device.Online = false;

        await bed.SendAsync(new TestPush(device.Token) { Expiration = bed.Time.GetUtcNow().AddMinutes(1).ToUnixTimeSeconds().ToString() });
        bed.Time.Advance(TimeSpan.FromMinutes(2));
        device.Online = true;

        Assert.False(device.Inbox.TryRead(out _));
    }

    [Fact]
    public async Task BackOnline_DeliversHeldAndStoredOldestFirst_AndOnlyOnce()
    {
        await using var bed = await ApnsTestBed.StartAsync(o => o.StaleConnectionWindow = TimeSpan.FromSeconds(30));
        var device = bed.AddDevice();
        device.Online = false;
        var later = bed.Time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds().ToString();

        await bed.SendAsync(new TestPush(device.Token) { Expiration = later, Body = """{"n":1}"""u8.ToArray() });
        await bed.SendAsync(new TestPush(device.Token) { Expiration = "0", Body = """{"n":2}"""u8.ToArray() });
        device.Online = true;
        device.Online = false;
        device.Online = true;

        Assert.True(device.Inbox.TryRead(out var first));
        Assert.True(device.Inbox.TryRead(out var second));
        Assert.False(device.Inbox.TryRead(out _));
        Assert.Equal("""{"n":1}"""u8.ToArray(), first.Payload.ToArray());
        Assert.Equal("""{"n":2}"""u8.ToArray(), second.Payload.ToArray());
    }
}
