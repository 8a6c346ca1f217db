using System.Security.Cryptography;
using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Tests;

/// <summary>What APNs binds to one HTTP/2 connection (A2, A3): one team, one key, one token per 20 minutes.</summary>
public sealed class ConnectionTokenTests
{
    private const string OtherTeam = "TEAM000002";
    private const string OtherBundle = "com.example.other";

    [Fact]
    public async Task Send_AnotherTeamOnTheSameConnection_Is403InvalidProviderToken()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        bed.Simulator.AddTeam(OtherTeam, OtherBundle);
        bed.Simulator.AddKey("KEY0000009", OtherTeam, otherKey);
        var device = bed.AddDevice();
        var otherDevice = bed.AddDevice(OtherBundle + ".voip");
        var otherPush = new TestPush(otherDevice.Token) { Topic = OtherBundle + ".voip", Authorization = $"bearer {bed.Mint(key: otherKey, keyId: "KEY0000009", teamId: OtherTeam)}" };

        Assert.Equal(200, (await bed.SendAsync(new TestPush(device.Token))).Status);
        var sameConnection = await bed.SendAsync(otherPush);
        var newConnection = await bed.SendAsync(otherPush, bed.NewClient());

        Assert.Equal((403, ApnsReasons.InvalidProviderToken), (sameConnection.Status, sameConnection.Reason));
        Assert.Equal(200, newConnection.Status);
    }

    [Fact]
    public async Task Send_AnotherKeyOfTheTeamOnTheSameConnection_Is403UnrelatedKeyIdInToken()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        using var secondKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        bed.Simulator.AddKey("KEY0000002", ApnsTestBed.TeamId, secondKey);
        var device = bed.AddDevice();
        var secondKeyPush = new TestPush(device.Token) { Authorization = $"bearer {bed.Mint(key: secondKey, keyId: "KEY0000002")}" };

        Assert.Equal(200, (await bed.SendAsync(new TestPush(device.Token))).Status);
        var sameConnection = await bed.SendAsync(secondKeyPush);
        var newConnection = await bed.SendAsync(secondKeyPush, bed.NewClient());

        Assert.Equal((403, ApnsReasons.UnrelatedKeyIdInToken), (sameConnection.Status, sameConnection.Reason));
        Assert.Equal(200, newConnection.Status);
    }

    [Fact]
    public async Task Send_NewTokenWithin20Minutes_Is429TooManyProviderTokenUpdates_AndAllowedAfter()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        Assert.Equal(200, (await bed.SendAsync(new TestPush(device.Token))).Status);

        bed.Time.Advance(TimeSpan.FromMinutes(19));
        var second = bed.Mint();
        var early = await bed.SendAsync(new TestPush(device.Token) { Authorization = $"bearer {second}" });
        var stillFirst = await bed.SendAsync(new TestPush(device.Token));

        bed.Time.Advance(TimeSpan.FromMinutes(1));
        var onTime = await bed.SendAsync(new TestPush(device.Token) { Authorization = $"bearer {second}" });

        // The second token is now the current one: going back to the first is another update.
        var back = await bed.SendAsync(new TestPush(device.Token));

        Assert.Equal((429, ApnsReasons.TooManyProviderTokenUpdates), (early.Status, early.Reason));
        Assert.Equal(200, stillFirst.Status);
        Assert.Equal(200, onTime.Status);
        Assert.Equal((429, ApnsReasons.TooManyProviderTokenUpdates), (back.Status, back.Reason));
    }

    [Fact]
    public async Task Send_NewTokenOnANewConnection_IsAccepted()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        Assert.Equal(200, (await bed.SendAsync(new TestPush(device.Token))).Status);
        bed.Time.Advance(TimeSpan.FromSeconds(1));

        var reply = await bed.SendAsync(new TestPush(device.Token) { Authorization = $"bearer {bed.Mint()}" }, bed.NewClient());

        Assert.Equal(200, reply.Status);
    }

    [Fact]
    public async Task Send_RefusedTokenDoesNotBindTheConnection()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();

        var expired = await bed.SendAsync(new TestPush(device.Token) { Authorization = $"bearer {bed.Mint(bed.Time.GetUtcNow().AddHours(-2))}" });
        var fresh = await bed.SendAsync(new TestPush(device.Token));

        Assert.Equal(ApnsReasons.ExpiredProviderToken, expired.Reason);
        Assert.Equal(200, fresh.Status);
    }

    [Fact]
    public async Task ConnectionClose_ForgetsItsTokenState()
    {
        await using var bed = await ApnsTestBed.StartAsync();
        var device = bed.AddDevice();
        var client = bed.NewClient();
        Assert.Equal(200, (await bed.SendAsync(new TestPush(device.Token), client)).Status);
        var connectionId = bed.Simulator.Exchanges.Single().ConnectionId;
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Simulator.Connections.Closed += id =>
        {
            if (id == connectionId)
            {
                closed.TrySetResult(id);
            }
        };
        var before = bed.Simulator.Connections.Count;

        client.Dispose();
        await closed.Task.WithTimeout();

        Assert.Equal(before - 1, bed.Simulator.Connections.Count);
    }
}
