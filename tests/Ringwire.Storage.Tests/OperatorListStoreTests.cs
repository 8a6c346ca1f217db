using Ringwire.Core;
using static Ringwire.Storage.Tests.TestData;

namespace Ringwire.Storage.Tests;

/// <summary>
/// The operator's lists (every user's calls, every device and its unclaimed pushes), for every implementation. Each
/// test has a database of its own, because these lists see every row in it.
/// </summary>
public abstract class OperatorListStoreTests
{
    private static TimeSpan Window => TimeSpan.FromHours(24);

    /// <summary>A new, migrated, empty database; the caller disposes it.</summary>
    protected abstract Task<StoreFixture> FreshAsync();

    private static async Task<Call> CreateAsync(StoreFixture store, Call call)
    {
        await store.Calls.CreateAsync(call, [Trace(call.CreatedAt, "created")], null, Window, default).WithTimeout();
        return call;
    }

    private static async Task<Call> MoveAsync(StoreFixture store, Call from, Call to)
    {
        Assert.True(await store.Calls.TryTransitionAsync(to, from.Version, Trace(to.EndedAt ?? to.AnsweredAt ?? to.CreatedAt, "moved"), default).WithTimeout());
        return to;
    }

    private static async Task InFreshStoreAsync(Func<StoreFixture, Task> test, StoreFixture store)
    {
        try
        {
            await test(store);
        }
        finally
        {
            await ((IAsyncLifetime)store).DisposeAsync();
        }
    }

    private async Task WithFreshStoreAsync(Func<StoreFixture, Task> test) => await InFreshStoreAsync(test, await FreshAsync());

    [Fact]
    public Task List_EachFilter_ReturnsItsStatesNewestFirstWithLegs() => WithFreshStoreAsync(async store =>
    {
        var ringing1 = await CreateAsync(store, RingingCall("alice", "bob", At(1), IosLeg("b-phone", PushStatus.Sent)));
        var answered1 = await CreateAsync(store, RingingCall("carol", "dave", At(2), IosLeg("d-phone")));
        answered1 = await MoveAsync(store, answered1, Answered(answered1, "d-phone", At(3)));
        var missed = await CreateAsync(store, RingingCall("erin", "frank", At(3)));
        missed = await MoveAsync(store, missed, Ended(missed, CallState.Missed, EndReason.RingTimeout, At(48)));
        var ringing2 = await CreateAsync(store, RingingCall("gina", "bob", At(4)));
        var declined = await CreateAsync(store, RingingCall("hank", "ivan", At(5)));
        declined = await MoveAsync(store, declined, Ended(declined, CallState.Declined, EndReason.CalleeDeclined, At(6)));
        var answered2 = await CreateAsync(store, RingingCall("judy", "karl", At(6)));
        answered2 = await MoveAsync(store, answered2, Answered(answered2, "k-phone", At(7)));
        var ended = await MoveAsync(store, answered2, Ended(answered2, CallState.Ended, EndReason.Hangup, At(9)));
        var answered3 = await CreateAsync(store, RingingCall("lena", "mike", At(7)));
        answered3 = await MoveAsync(store, answered3, Answered(answered3, "m-phone", At(8)));

        async Task<Guid[]> IdsAsync(CallStateFilter filter) =>
            [.. (await store.Calls.ListAsync(filter, 50, default).WithTimeout()).Select(c => c.CallId)];

        Assert.Equal([answered3.CallId, ringing2.CallId, answered1.CallId, ringing1.CallId], await IdsAsync(CallStateFilter.Live));
        Assert.Equal([ringing2.CallId, ringing1.CallId], await IdsAsync(CallStateFilter.Ringing));
        Assert.Equal([answered3.CallId, answered1.CallId], await IdsAsync(CallStateFilter.Answered));
        Assert.Equal([ended.CallId, declined.CallId, missed.CallId], await IdsAsync(CallStateFilter.Ended));
        Assert.Equal(
            [answered3.CallId, ended.CallId, declined.CallId, ringing2.CallId, missed.CallId, answered1.CallId, ringing1.CallId],
            await IdsAsync(CallStateFilter.All));

        var live = await store.Calls.ListAsync(CallStateFilter.Live, 50, default).WithTimeout();
        var first = Assert.Single(live, c => c.CallId == ringing1.CallId);
        Assert.Equal(new Leg("b-phone", Platform.Ios, PushStatus.Sent), Assert.Single(first.Legs));
        var answered = Assert.Single(live, c => c.CallId == answered1.CallId);
        Assert.Equal(CallState.Answered, answered.State);
        Assert.Equal("d-phone", answered.AnsweredBy);
    });

    [Fact]
    public Task List_WithALimit_ReturnsTheNewest_TiesBrokenByCallId() => WithFreshStoreAsync(async store =>
    {
        List<Call> calls = [];
        for (var i = 0; i < 5; i++)
        {
            calls.Add(await CreateAsync(store, RingingCall(Unique("alice"), "bob", At(i))));
        }

        // Two calls placed in the same millisecond: the higher call id counts as newer, as in every list.
        var twin = await CreateAsync(store, RingingCall(Unique("alice"), "bob", At(4)));

        var newest = await store.Calls.ListAsync(CallStateFilter.All, 3, default).WithTimeout();

        var sameMs = new[] { calls[4], twin }.OrderByDescending(c => c.CallId.ToString("D"), StringComparer.Ordinal).ToArray();
        Assert.Equal([sameMs[0].CallId, sameMs[1].CallId, calls[3].CallId], newest.Select(c => c.CallId));
        Assert.Empty(await store.Calls.ListAsync(CallStateFilter.Ended, 3, default).WithTimeout());
    });

    [Fact]
    public Task CountUnclaimedPushes_ForEveryDevice_CountsWhatThePerUserCountCounts() => WithFreshStoreAsync(async store =>
    {
        var since = At(100);

        async Task PushAsync(string to, string deviceId, DateTimeOffset at, PushStatus status = PushStatus.Sent, bool claimed = false, bool reported = false)
        {
            var call = await CreateAsync(store, RingingCall(Unique("caller"), to, at, IosLeg(deviceId)));
            await store.Calls.RecordPushAsync(call.CallId, deviceId, status, null, Trace(at, "push.sent", deviceId), default).WithTimeout();
            if (claimed)
            {
                await store.Calls.RecordClaimAsync(call.CallId, deviceId, Platform.Ios, Trace(at.AddSeconds(1), "claimed", deviceId), default).WithTimeout();
            }

            if (reported)
            {
                await store.Calls.RecordReportedAsync(call.CallId, deviceId, Trace(at.AddSeconds(1), "reported", deviceId), default).WithTimeout();
            }
        }

        // Bob's phone: three pushes nobody claimed, one claimed, one before the window, one that failed.
        await PushAsync("bob", "phone", At(101));
        await PushAsync("bob", "phone", At(102));
        await PushAsync("bob", "phone", At(103));
        await PushAsync("bob", "phone", At(104), claimed: true);
        await PushAsync("bob", "phone", At(99));
        await PushAsync("bob", "phone", At(105), PushStatus.Failed);
        // Another user's device with the same id is another device.
        await PushAsync("carol", "phone", At(106));
        // Reported but not claimed still counts as heard of.
        await PushAsync("dave", "ipad", At(107), reported: true);

        var counts = await store.Calls.CountUnclaimedPushesAsync(since, default).WithTimeout();

        Assert.Equal(2, counts.Count);
        Assert.Equal(3, counts[new DeviceKey("bob", "phone")]);
        Assert.Equal(1, counts[new DeviceKey("carol", "phone")]);
        Assert.Equal(3, (await store.Calls.CountUnclaimedPushesAsync("bob", since, default).WithTimeout())["phone"]);
    });

    [Fact]
    public Task ListAllDevices_OrdersByUserThenDevice_AndStopsAtTheLimit() => WithFreshStoreAsync(async store =>
    {
        foreach (var (user, device) in new[] { ("carol", "b"), ("alice", "z"), ("bob", "a"), ("alice", "a"), ("carol", "a") })
        {
            await store.Devices.UpsertAsync(IosDevice(user, device, At(0), Unique("voip")), 10, default).WithTimeout();
        }

        var all = await store.Devices.ListAllAsync(10, default).WithTimeout();
        var first3 = await store.Devices.ListAllAsync(3, default).WithTimeout();

        Assert.Equal(["alice/a", "alice/z", "bob/a", "carol/a", "carol/b"], all.Select(d => $"{d.UserId}/{d.DeviceId}"));
        Assert.Equal(["alice/a", "alice/z", "bob/a"], first3.Select(d => $"{d.UserId}/{d.DeviceId}"));
        Assert.NotNull(all[0].VoipToken);
    });

    [Fact]
    public Task GetManyDevices_ReturnsTheOnesThatExist_InOrder() => WithFreshStoreAsync(async store =>
    {
        foreach (var (user, device) in new[] { ("alice", "phone"), ("bob", "phone"), ("bob", "ipad") })
        {
            await store.Devices.UpsertAsync(IosDevice(user, device, At(0)) with { Name = $"{user}'s {device}" }, 10, default).WithTimeout();
        }

        var found = await store.Devices.GetManyAsync(
            [new("bob", "phone"), new("alice", "phone"), new("alice", "ipad"), new("nobody", "phone")], default).WithTimeout();

        Assert.Equal(["alice/phone", "bob/phone"], found.Select(d => $"{d.UserId}/{d.DeviceId}"));
        Assert.Equal("bob's phone", found[1].Name);
        Assert.Empty(await store.Devices.GetManyAsync([], default).WithTimeout());
    });
}
