using Ringwire.Core;
using static Ringwire.Storage.Tests.TestData;

namespace Ringwire.Storage.Tests;

/// <summary><see cref="IDeviceStore"/>'s contract, for every implementation.</summary>
public abstract class DeviceStoreTests(StoreFixture fixture)
{
    private const int Cap = 10;

    private IDeviceStore Devices => fixture.Devices;

    [Fact]
    public async Task Upsert_NewDevice_CreatesItWithEveryField()
    {
        var device = new Device
        {
            UserId = Unique("alice"),
            DeviceId = "a-phone",
            Platform = Platform.Ios,
            VoipToken = Unique("voip"),
            AlertToken = Unique("alert"),
            ApnsEnvironment = ApnsEnvironment.Sandbox,
            BundleId = "com.example.app",
            Name = "Alice's iPhone",
            RegisteredAt = At(0),
            UpdatedAt = At(0),
            LastSeenAt = At(1),
        };

        var registration = await Devices.UpsertAsync(device, Cap, default).WithTimeout();

        Assert.True(registration.Created);
        Assert.Empty(registration.EvictedDeviceIds);
        Assert.Equal(device, registration.Device);
        Assert.Equal(device, await Devices.GetAsync(device.UserId, device.DeviceId, default).WithTimeout());
    }

    [Fact]
    public async Task Upsert_ExistingDevice_KeepsRegisteredAtAndReplacesTheRest()
    {
        var alice = Unique("alice");
        var first = IosDevice(alice, "a-phone", At(0), Unique("voip")) with { Name = "old", LastSeenAt = At(5) };
        await Devices.UpsertAsync(first, Cap, default).WithTimeout();
        var update = new Device
        {
            UserId = alice,
            DeviceId = "a-phone",
            Platform = Platform.Android,
            FcmToken = Unique("fcm"),
            Name = "new",
            RegisteredAt = At(100),
            UpdatedAt = At(100),
        };

        var registration = await Devices.UpsertAsync(update, Cap, default).WithTimeout();

        var expected = update with { RegisteredAt = At(0), LastSeenAt = At(5) };
        Assert.False(registration.Created);
        Assert.Equal(expected, registration.Device);
        Assert.Equal([expected], await Devices.ListAsync(alice, default).WithTimeout());
    }

    [Fact]
    public async Task Upsert_SameTokenAgain_KeepsItOnTheDevice()
    {
        var device = IosDevice(Unique("alice"), "a-phone", At(0), Unique("voip"));
        await Devices.UpsertAsync(device, Cap, default).WithTimeout();

        var registration = await Devices.UpsertAsync(device with { UpdatedAt = At(1) }, Cap, default).WithTimeout();

        Assert.Equal(device.VoipToken, registration.Device.VoipToken);
        Assert.Equal(At(1), registration.Device.UpdatedAt);
    }

    [Theory]
    [InlineData("voip")]
    [InlineData("alert")]
    [InlineData("fcm")]
    public async Task Upsert_TokenHeldByAnotherUsersDevice_MovesTheToken(string kind)
    {
        var token = Unique(kind);
        Device WithToken(Device d) => kind switch
        {
            "voip" => d with { VoipToken = token },
            "alert" => d with { AlertToken = token },
            _ => d with { Platform = Platform.Android, FcmToken = token },
        };
        var aliceDevice = WithToken(IosDevice(Unique("alice"), "a-phone", At(0)) with { Name = "kept" });
        var bobDevice = WithToken(IosDevice(Unique("bob"), "b-phone", At(10)));
        await Devices.UpsertAsync(aliceDevice, Cap, default).WithTimeout();

        var registration = await Devices.UpsertAsync(bobDevice, Cap, default).WithTimeout();

        Assert.Equal(bobDevice, registration.Device);
        // Alice's device stays registered, only without the token, and nothing else about it changes.
        var stripped = aliceDevice with { VoipToken = null, AlertToken = null, FcmToken = null };
        Assert.Equal(stripped, await Devices.GetAsync(aliceDevice.UserId, "a-phone", default).WithTimeout());
    }

    [Fact]
    public async Task Upsert_TokenHeldBySameUsersOtherDevice_MovesTheToken()
    {
        var alice = Unique("alice");
        var token = Unique("voip");
        await Devices.UpsertAsync(IosDevice(alice, "old-phone", At(0), token), Cap, default).WithTimeout();

        await Devices.UpsertAsync(IosDevice(alice, "new-phone", At(1), token), Cap, default).WithTimeout();

        var devices = await Devices.ListAsync(alice, default).WithTimeout();
        Assert.Equal([("new-phone", token), ("old-phone", (string?)null)], devices.Select(d => (d.DeviceId, d.VoipToken)));
    }

    [Fact]
    public async Task Upsert_ConcurrentWithSameToken_LeavesItOnExactlyOneDevice()
    {
        var token = Unique("voip");
        var users = Enumerable.Range(0, 8).Select(i => Unique($"user{i}")).ToList();
        var gate = new TaskCompletionSource();
        var registrations = users
            .Select(user => Task.Run(async () =>
            {
                await gate.Task;
                return await Devices.UpsertAsync(IosDevice(user, "phone", At(0), token), Cap, default);
            }))
            .ToList();

        gate.SetResult();
        await Task.WhenAll(registrations).WithTimeout();

        var holders = 0;
        foreach (var user in users)
        {
            holders += (await Devices.GetAsync(user, "phone", default).WithTimeout())!.VoipToken == token ? 1 : 0;
        }

        Assert.Equal(1, holders);
    }

    [Fact]
    public async Task Upsert_OverCap_EvictsTheDeviceSeenLeastRecently()
    {
        var alice = Unique("alice");
        await Devices.UpsertAsync(IosDevice(alice, "d1", At(0)), 3, default).WithTimeout();
        await Devices.UpsertAsync(IosDevice(alice, "d2", At(10)), 3, default).WithTimeout();
        await Devices.UpsertAsync(IosDevice(alice, "d3", At(20)), 3, default).WithTimeout();
        // d1 is the oldest registration but connected most recently; d2 is now the stalest.
        await Devices.TouchAsync(alice, "d1", At(30), default).WithTimeout();
        // Another user's devices do not count towards alice's cap.
        await Devices.UpsertAsync(IosDevice(Unique("bob"), "b1", At(0)), 3, default).WithTimeout();

        var registration = await Devices.UpsertAsync(IosDevice(alice, "d4", At(40)), 3, default).WithTimeout();

        Assert.True(registration.Created);
        Assert.Equal(["d2"], registration.EvictedDeviceIds);
        Assert.Equal(["d1", "d3", "d4"], (await Devices.ListAsync(alice, default).WithTimeout()).Select(d => d.DeviceId));
    }

    [Fact]
    public async Task Upsert_OverCap_CountsUpdatesAsRecent()
    {
        var alice = Unique("alice");
        await Devices.UpsertAsync(IosDevice(alice, "d1", At(0)), 2, default).WithTimeout();
        await Devices.UpsertAsync(IosDevice(alice, "d2", At(10)), 2, default).WithTimeout();
        await Devices.UpsertAsync(IosDevice(alice, "d1", At(0)) with { UpdatedAt = At(20) }, 2, default).WithTimeout();

        var registration = await Devices.UpsertAsync(IosDevice(alice, "d3", At(30)), 2, default).WithTimeout();

        Assert.Equal(["d2"], registration.EvictedDeviceIds);
    }

    [Fact]
    public async Task Upsert_CapLowered_EvictsOldestUntilWithinCapButNeverTheNewDevice()
    {
        var alice = Unique("alice");
        for (var i = 1; i <= 4; i++)
        {
            await Devices.UpsertAsync(IosDevice(alice, $"d{i}", At(i)), Cap, default).WithTimeout();
        }

        // Written with an old clock: by age it would go first, but it is the one being registered.
        var registration = await Devices.UpsertAsync(IosDevice(alice, "d0", At(0)), 2, default).WithTimeout();

        Assert.Equal(["d1", "d2", "d3"], registration.EvictedDeviceIds);
        Assert.Equal(["d0", "d4"], (await Devices.ListAsync(alice, default).WithTimeout()).Select(d => d.DeviceId));
    }

    [Fact]
    public async Task Upsert_ExistingDeviceAtCap_EvictsNothing()
    {
        var alice = Unique("alice");
        await Devices.UpsertAsync(IosDevice(alice, "d1", At(0)), 2, default).WithTimeout();
        await Devices.UpsertAsync(IosDevice(alice, "d2", At(1)), 2, default).WithTimeout();

        var registration = await Devices.UpsertAsync(IosDevice(alice, "d1", At(2)), 2, default).WithTimeout();

        Assert.False(registration.Created);
        Assert.Empty(registration.EvictedDeviceIds);
        Assert.Equal(2, (await Devices.ListAsync(alice, default).WithTimeout()).Count);
    }

    [Fact]
    public async Task GetAndList_UnknownUser_ReturnNothing()
    {
        var nobody = Unique("nobody");

        Assert.Null(await Devices.GetAsync(nobody, "d1", default).WithTimeout());
        Assert.Empty(await Devices.ListAsync(nobody, default).WithTimeout());
    }

    [Fact]
    public async Task List_OrdersByDeviceIdAndShowsOnlyTheUsersDevices()
    {
        var alice = Unique("alice");
        foreach (var id in new[] { "c", "a", "b" })
        {
            await Devices.UpsertAsync(IosDevice(alice, id, At(0)), Cap, default).WithTimeout();
        }

        await Devices.UpsertAsync(IosDevice(Unique("bob"), "a", At(0)), Cap, default).WithTimeout();

        var devices = await Devices.ListAsync(alice, default).WithTimeout();

        Assert.Equal(["a", "b", "c"], devices.Select(d => d.DeviceId));
        Assert.All(devices, d => Assert.Equal(alice, d.UserId));
    }

    [Fact]
    public async Task Delete_ReturnsWhetherADeviceWasRemoved()
    {
        var alice = Unique("alice");
        await Devices.UpsertAsync(IosDevice(alice, "d1", At(0)), Cap, default).WithTimeout();

        Assert.True(await Devices.DeleteAsync(alice, "d1", default).WithTimeout());
        Assert.False(await Devices.DeleteAsync(alice, "d1", default).WithTimeout());
        Assert.Null(await Devices.GetAsync(alice, "d1", default).WithTimeout());
    }

    [Fact]
    public async Task Touch_SetsLastSeenAndNeverMovesItBack()
    {
        var alice = Unique("alice");
        await Devices.UpsertAsync(IosDevice(alice, "d1", At(0)), Cap, default).WithTimeout();

        await Devices.TouchAsync(alice, "d1", At(20), default).WithTimeout();
        await Devices.TouchAsync(alice, "d1", At(10), default).WithTimeout();
        await Devices.TouchAsync(alice, "unknown", At(10), default).WithTimeout();

        Assert.Equal(At(20), (await Devices.GetAsync(alice, "d1", default).WithTimeout())!.LastSeenAt);
        Assert.Null(await Devices.GetAsync(alice, "unknown", default).WithTimeout());
    }

    [Fact]
    public async Task ForgetToken_RemovesOnlyThatTokenFromThatDevice()
    {
        var alice = Unique("alice");
        var device = IosDevice(alice, "d1", At(0), Unique("voip")) with { AlertToken = Unique("alert") };
        await Devices.UpsertAsync(device, Cap, default).WithTimeout();

        Assert.True(await Devices.ForgetTokenAsync(alice, "d1", device.AlertToken!, null, default).WithTimeout());
        Assert.False(await Devices.ForgetTokenAsync(alice, "d1", device.AlertToken!, null, default).WithTimeout());
        Assert.False(await Devices.ForgetTokenAsync(alice, "d2", device.VoipToken!, null, default).WithTimeout());

        var stored = await Devices.GetAsync(alice, "d1", default).WithTimeout();
        Assert.Equal(device with { AlertToken = null }, stored);
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public async Task ForgetToken_KeepsATokenRegisteredAfterItDied(int updatedAt, bool forgotten)
    {
        var alice = Unique("alice");
        var device = IosDevice(alice, "d1", At(0), Unique("voip")) with { UpdatedAt = At(updatedAt) };
        await Devices.UpsertAsync(device, Cap, default).WithTimeout();

        Assert.Equal(forgotten, await Devices.ForgetTokenAsync(alice, "d1", device.VoipToken!, At(10), default).WithTimeout());

        var stored = await Devices.GetAsync(alice, "d1", default).WithTimeout();
        Assert.Equal(forgotten ? null : device.VoipToken, stored!.VoipToken);
    }
}
