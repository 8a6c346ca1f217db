using Ringwire.Core;
using static Ringwire.Storage.Tests.TestData;

namespace Ringwire.Storage.Tests;

/// <summary>
/// Races that SQLite's single writer settles for free and PostgreSQL at READ COMMITTED does not: without the device
/// store's locks, the first would leave the user over the cap and the second would deadlock.
/// </summary>
public sealed class PostgresRaceTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    private IDeviceStore Devices => fixture.Devices;

    [Fact]
    public async Task Upsert_ConcurrentNewDevicesOfOneUser_KeepTheCap()
    {
        const int cap = 3;
        var alice = Unique("alice");
        var gate = new TaskCompletionSource();
        var registrations = Enumerable.Range(0, 8)
            .Select(i => Task.Run(async () =>
            {
                await gate.Task;
                return await Devices.UpsertAsync(IosDevice(alice, $"d{i}", At(i), Unique("voip")), cap, default);
            }))
            .ToList();

        gate.SetResult();
        var results = await Task.WhenAll(registrations).WithTimeout();

        var left = await Devices.ListAsync(alice, default).WithTimeout();
        Assert.Equal(cap, left.Count);
        Assert.All(results, r => Assert.True(r.Created));
        // Serialized, the registrations evicted each device at most once, and exactly those that are gone.
        var evicted = results.SelectMany(r => r.EvictedDeviceIds).ToList();
        Assert.Equal(evicted.Count, evicted.Distinct().Count());
        Assert.Equal(
            Enumerable.Range(0, 8).Select(i => $"d{i}").Except(left.Select(d => d.DeviceId)).Order(),
            evicted.Order());
    }

    [Fact]
    public async Task Upsert_TwoUsersTakingEachOthersTokens_NeitherDeadlocksNorLosesAToken()
    {
        for (var round = 0; round < 20; round++)
        {
            // alice's phone holds x and bob's holds y; at once, alice registers y and bob registers x. Each
            // registration writes the other's row as well as its own.
            var alice = Unique("alice");
            var bob = Unique("bob");
            var x = Unique("x");
            var y = Unique("y");
            await Devices.UpsertAsync(IosDevice(alice, "phone", At(0), x), 10, default).WithTimeout();
            await Devices.UpsertAsync(IosDevice(bob, "phone", At(0), y), 10, default).WithTimeout();
            var gate = new TaskCompletionSource();
            var swaps = new[] { IosDevice(alice, "phone", At(1), y), IosDevice(bob, "phone", At(1), x) }
                .Select(device => Task.Run(async () =>
                {
                    await gate.Task;
                    return await Devices.UpsertAsync(device, 10, default);
                }))
                .ToList();

            gate.SetResult();
            await Task.WhenAll(swaps).WithTimeout();

            Assert.Equal(y, (await Devices.GetAsync(alice, "phone", default).WithTimeout())!.VoipToken);
            Assert.Equal(x, (await Devices.GetAsync(bob, "phone", default).WithTimeout())!.VoipToken);
        }
    }

    [Fact]
    public async Task Upsert_RacingDeleteOfTheSameDevice_EndsInOneOfTheTwoOrders()
    {
        for (var round = 0; round < 20; round++)
        {
            var alice = Unique("alice");
            await Devices.UpsertAsync(IosDevice(alice, "phone", At(0)), 10, default).WithTimeout();
            var gate = new TaskCompletionSource();
            var upsert = Task.Run(async () =>
            {
                await gate.Task;
                return await Devices.UpsertAsync(IosDevice(alice, "phone", At(1)), 10, default);
            });
            var delete = Task.Run(async () =>
            {
                await gate.Task;
                return await Devices.DeleteAsync(alice, "phone", default);
            });

            gate.SetResult();
            var (registration, deleted) = (await upsert.WithTimeout(), await delete.WithTimeout());

            var stored = await Devices.GetAsync(alice, "phone", default).WithTimeout();
            // Delete first: the upsert created the device again. Upsert first: it updated, then the delete removed it.
            Assert.True(deleted);
            Assert.Equal(registration.Created, stored is not null);
        }
    }
}
