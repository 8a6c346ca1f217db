using Ringwire.Core;
using Ringwire.Storage.Postgres;
using static Ringwire.Storage.Tests.TestData;

namespace Ringwire.Storage.Tests;

/// <summary>
/// What nodes sharing one PostgreSQL database need from the store: the deadline sweep (SKIP LOCKED, conditional
/// writes), the calls re-sent after a listener outage, and device presence. Each test has a database of its own,
/// because a sweep takes every overdue call it finds.
/// </summary>
public sealed class PostgresClusterStoreTests
{
    private static SweptTransition? Missed(Call call) =>
        new(Ended(call, CallState.Missed, EndReason.RingTimeout, call.RingUntil), Trace(call.RingUntil, "missed"));

    private static async Task<PostgresStoreFixture> FreshAsync()
    {
        var fixture = new PostgresStoreFixture();
        await fixture.InitializeAsync();
        return fixture;
    }

    private static async Task<List<Call>> RingingCallsAsync(PostgresStoreFixture store, int count, DateTimeOffset createdAt)
    {
        List<Call> calls = [];
        for (var i = 0; i < count; i++)
        {
            var call = RingingCall(Unique("alice"), Unique("bob"), createdAt.AddMilliseconds(i), IosLeg("phone"));
            await store.Calls.CreateAsync(call, [Trace(createdAt, "created")], null, TimeSpan.FromHours(24), default).WithTimeout();
            calls.Add(call);
        }

        return calls;
    }

    [Fact]
    public async Task Sweep_TwoSweepersAtOnce_TakeDisjointCallsAndNeitherWaitsForTheOther()
    {
        var store = await FreshAsync();
        try
        {
            var calls = await RingingCallsAsync(store, 10, At(0));
            var due = At(100);
            var first = new PostgresCallStore(store.Database);
            var second = new PostgresCallStore(store.Database);
            using var holding = new ManualResetEventSlim();
            using var release = new ManualResetEventSlim();

            // The first sweeper locks five calls and stops inside its decision, holding the locks.
            var firstSweep = Task.Run(() => first.SweepOverdueAsync(due, due, 5, call =>
            {
                holding.Set();
                release.Wait(TestTimeout.Default);
                return Missed(call);
            }, default));
            Assert.True(holding.Wait(TestTimeout.Default));

            // The second takes the other five at once: it skips the locked rows instead of waiting on them.
            var secondEnded = await second.SweepOverdueAsync(due, due, 10, Missed, default).WithTimeout();
            release.Set();
            var firstEnded = await firstSweep.WithTimeout();

            Assert.Equal(5, firstEnded.Count);
            Assert.Equal(5, secondEnded.Count);
            Assert.Empty(firstEnded.Select(c => c.CallId).Intersect(secondEnded.Select(c => c.CallId)));
            foreach (var call in calls)
            {
                var stored = await store.Calls.GetAsync(call.CallId, default).WithTimeout();
                Assert.Equal((CallState.Missed, 2), (stored!.State, stored.Version));
                Assert.Single(await store.Calls.GetTraceAsync(call.CallId, default).WithTimeout(), t => t.Type == "missed");
            }

            Assert.Empty(await second.SweepOverdueAsync(due, due, 10, Missed, default).WithTimeout());
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sweep_RacingAnAnswer_EndsTheCallOnce()
    {
        var store = await FreshAsync();
        try
        {
            var call = (await RingingCallsAsync(store, 1, At(0)))[0];
            var sweeper = new PostgresCallStore(store.Database);
            using var holding = new ManualResetEventSlim();
            using var release = new ManualResetEventSlim();
            var sweep = Task.Run(() => sweeper.SweepOverdueAsync(At(100), At(100), 10, c =>
            {
                holding.Set();
                release.Wait(TestTimeout.Default);
                return Missed(c);
            }, default));
            Assert.True(holding.Wait(TestTimeout.Default));

            // The answer was decided on version 1; it waits on the sweep's lock, then finds the version moved.
            var answer = store.Calls.TryTransitionAsync(Answered(call, "phone", At(99)), 1, Trace(At(99), "answered", "phone"), default);
            release.Set();

            Assert.Single(await sweep.WithTimeout());
            Assert.False(await answer.WithTimeout());
            var stored = await store.Calls.GetAsync(call.CallId, default).WithTimeout();
            Assert.Equal((CallState.Missed, 2), (stored!.State, stored.Version));
            Assert.Equal(["created", "missed"], (await store.Calls.GetTraceAsync(call.CallId, default).WithTimeout()).Select(t => t.Type));
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sweep_PastTheClaimDeadline_TakesOnlyUnclaimedCallsWhoseCalleeIsNowhereConnected()
    {
        var store = await FreshAsync();
        try
        {
            var presence = new PostgresPresenceStore(store.Database);
            var sweeper = new PostgresCallStore(store.Database);
            var calls = await RingingCallsAsync(store, 4, At(0));
            var now = At(20);
            // calls[0]: nobody claimed, nobody connected. calls[1]: claimed. calls[2]: callee connected to some node.
            // calls[3]: callee's connection record expired (its node died).
            await store.Calls.RecordClaimAsync(calls[1].CallId, "phone", Platform.Ios, Trace(At(1), "claimed", "phone"), default).WithTimeout();
            await presence.AddAsync(new PresenceEntry(Guid.NewGuid(), "n1", calls[2].To, "web"), now.AddSeconds(30), default).WithTimeout();
            await presence.AddAsync(new PresenceEntry(Guid.NewGuid(), "n2", calls[3].To, "web"), now.AddSeconds(-1), default).WithTimeout();
            List<Guid> asked = [];

            var ended = await sweeper.SweepOverdueAsync(now, now, 10, call =>
            {
                asked.Add(call.CallId);
                return new SweptTransition(Ended(call, CallState.Unreachable, EndReason.ClaimTimeout, now), Trace(now, "unreachable"));
            }, default).WithTimeout();

            Assert.Equal([calls[0].CallId, calls[3].CallId], asked);
            Assert.Equal([calls[0].CallId, calls[3].CallId], ended.Select(c => c.CallId));
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task ListRecent_ReturnsTheUsersRingingCallsAndTheirCallsChangedSince()
    {
        var store = await FreshAsync();
        try
        {
            var recent = new PostgresCallStore(store.Database);
            var bob = Unique("bob");
            var carol = Unique("carol");
            async Task<Call> CreateAsync(string from, string to, DateTimeOffset at)
            {
                var call = RingingCall(from, to, at);
                await store.Calls.CreateAsync(call, [], null, TimeSpan.FromHours(24), default).WithTimeout();
                return call;
            }

            var oldRinging = await CreateAsync("alice", bob, At(0));
            var oldAnswered = await CreateAsync("alice", bob, At(1));
            Assert.True(await store.Calls.TryTransitionAsync(Answered(oldAnswered, "p", At(2)), 1, Trace(At(2), "answered"), default));
            var endedLately = await CreateAsync(bob, "dave", At(3));
            Assert.True(await store.Calls.TryTransitionAsync(Ended(endedLately, CallState.Cancelled, EndReason.CallerCancelled, At(60)), 1, Trace(At(60), "cancelled"), default));
            var answeredLately = await CreateAsync("erin", carol, At(4));
            Assert.True(await store.Calls.TryTransitionAsync(Answered(answeredLately, "p", At(61)), 1, Trace(At(61), "answered"), default));
            var placedLately = await CreateAsync(carol, "frank", At(62));
            var someoneElses = await CreateAsync("grace", "heidi", At(63));

            var found = await recent.ListRecentAsync([bob, carol], At(50), default).WithTimeout();

            Assert.Equal([oldRinging.CallId, endedLately.CallId, answeredLately.CallId, placedLately.CallId], found.Select(c => c.CallId));
            Assert.DoesNotContain(someoneElses.CallId, found.Select(c => c.CallId));
            Assert.Equal(CallState.Cancelled, found[1].State);
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Presence_CountsLiveRowsOnly_AndIsRenewedRestoredAndPurgedById()
    {
        var store = await FreshAsync();
        try
        {
            var presence = new PostgresPresenceStore(store.Database);
            var bob = new PresenceEntry(Guid.NewGuid(), "n1", Unique("bob"), "web");
            var bobsSecond = bob with { ConnectionId = Guid.NewGuid(), NodeId = "n2" };
            await presence.AddAsync(bob, At(30), default).WithTimeout();
            await presence.AddAsync(bobsSecond, At(30), default).WithTimeout();

            Assert.True(await presence.IsConnectedAsync(bob.UserId, At(29), default).WithTimeout());
            Assert.False(await presence.IsConnectedAsync(bob.UserId, At(30), default).WithTimeout());

            // Removing one connection leaves the other (a device that moved to another node).
            await presence.RemoveAsync(bob.ConnectionId, default).WithTimeout();
            Assert.True(await presence.IsConnectedAsync(bob.UserId, At(0), default).WithTimeout());

            Assert.Equal(1, await presence.RenewAsync([bob.ConnectionId, bobsSecond.ConnectionId], At(90), default).WithTimeout());
            Assert.True(await presence.IsConnectedAsync(bob.UserId, At(60), default).WithTimeout());
            await presence.RestoreAsync([bob, bobsSecond], At(120), default).WithTimeout();
            Assert.Equal(2, await presence.RenewAsync([bob.ConnectionId, bobsSecond.ConnectionId], At(150), default).WithTimeout());

            Assert.Equal(0, await presence.PurgeExpiredAsync(At(150), default).WithTimeout());
            Assert.Equal(2, await presence.PurgeExpiredAsync(At(151), default).WithTimeout());
            Assert.False(await presence.IsConnectedAsync(bob.UserId, At(0), default).WithTimeout());
        }
        finally
        {
            await store.DisposeAsync();
        }
    }
}
