using Ringwire.Core;
using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Tests;

/// <summary>What APNs knows about the token (A2): unregistered, unknown, other environment, other topic.</summary>
public sealed class DeviceTokenTests
{
    [Fact]
    public async Task Send_ToUnregisteredToken_Is410UnregisteredWithTimestampInMs()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_123);
        bed.Simulator.Unregister(device.Token, at);

        var reply = await bed.SendAsync(new TestPush(device.Token));

        Assert.Equal((410, ApnsReasons.Unregistered, 1_760_000_000_123L), (reply.Status, reply.Reason, reply.Timestamp));
        Assert.Equal("""{"reason":"Unregistered","timestamp":1760000000123}""", reply.Body);
        Assert.False(device.Inbox.TryRead(out _));
        Assert.Equal(1_760_000_000_123L, bed.Simulator.Exchanges.Single().Timestamp);
    }

    [Fact]
    public async Task Send_ToUnregisteredTokenNeverAdded_Is410Unregistered()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var token = ApnsTestBed.NewToken();
        bed.Simulator.Unregister(token, bed.Time.GetUtcNow());

        var reply = await bed.SendAsync(new TestPush(token));

        Assert.Equal((410, ApnsReasons.Unregistered), (reply.Status, reply.Reason));
    }

    [Fact]
    public async Task Send_ToTokenNeverAdded_Is400BadDeviceToken()
    {
        await using var bed = await ApnsTestBed.StartAsync();

        var reply = await bed.SendAsync(new TestPush(ApnsTestBed.NewToken()));

        Assert.Equal((400, ApnsReasons.BadDeviceToken), (reply.Status, reply.Reason));
    }

    [Fact]
    public async Task Send_ToTokenNeverAdded_InDevelopmentMode_Is200DeliveredToNobody()
    {
        await using var bed = await ApnsTestBed.StartAsync(o => o.AcceptUnknownDevices = true);

        var reply = await bed.SendAsync(new TestPush(ApnsTestBed.NewToken()));

        Assert.Equal(200, reply.Status);
        Assert.False(bed.Simulator.Exchanges.Single().Delivered);
    }

    [Fact]
    public async Task Send_ToTokenOfTheOtherEnvironment_Is400BadDeviceToken()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice(environment: ApnsEnvironment.Production);

        var reply = await bed.SendAsync(new TestPush(device.Token));

        Assert.Equal((400, ApnsReasons.BadDeviceToken), (reply.Status, reply.Reason));
        Assert.False(device.Inbox.TryRead(out _));
    }

    [Fact]
    public async Task Send_ProductionTokenToProductionSimulator_IsAcceptedWithoutUniqueId()
    {
        await using var bed = await ApnsTestBed.StartAsync(o => o.Environment = ApnsEnvironment.Production);
        var device = bed.AddDevice(environment: ApnsEnvironment.Production);

        var reply = await bed.SendAsync(new TestPush(device.Token));

        Assert.Equal(200, reply.Status);
        Assert.Null(reply.UniqueId);
        Assert.True(device.Inbox.TryRead(out _));
    }

    [Fact]
    public async Task Send_ToTokenOfAnotherTopic_Is400DeviceTokenNotForTopic()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var alertDevice = bed.AddDevice(ApnsTestBed.BundleId);

        var reply = await bed.SendAsync(new TestPush(alertDevice.Token));

        Assert.Equal((400, ApnsReasons.DeviceTokenNotForTopic), (reply.Status, reply.Reason));
    }
}
