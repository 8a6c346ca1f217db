using Ringwire.Core;
using static Ringwire.Storage.Tests.TestData;

namespace Ringwire.Storage.Tests;

/// <summary><see cref="ICallStore"/>'s contract, for every implementation.</summary>
public abstract class CallStoreTests(StoreFixture fixture)
{
    private static TimeSpan Window => TimeSpan.FromHours(24);

    private ICallStore Calls => fixture.Calls;

    [Fact]
    public async Task Create_ThenGet_RoundTripsEveryField()
    {
        var call = RingingCall(Unique("alice"), Unique("bob"), At(0)) with
        {
            CallerName = "Alice Ångström",
            CallerHandle = "+15550100",
            HandleType = HandleType.PhoneNumber,
            Video = true,
            State = CallState.Ended,
            Version = 3,
            EndReason = EndReason.Hangup,
            AnsweredBy = "b-phone",
            EndedBy = "alice",
            EndedByDevice = "a-phone",
            AnsweredAt = At(2),
            EndedAt = At(60),
            Metadata = """{"room":"r-1","n":[1,2]}""",
            Legs =
            [
                new Leg("b-phone", Platform.Ios, PushStatus.Sent, null, At(1), At(1.5)),
                new Leg("b-pixel", Platform.Android, PushStatus.Failed, "Unregistered"),
                new Leg("b-web", Platform.Web, PushStatus.None),
            ],
        };

        var creation = await Calls.CreateAsync(call, [Trace(At(0), TraceEventType.Created)], null, Window, default).WithTimeout();
        var stored = await Calls.GetAsync(call.CallId, default).WithTimeout();

        Assert.True(creation.Created);
        AssertSameCall(call, creation.Call);
        AssertSameCall(call, stored);
    }

    [Fact]
    public async Task Create_WithNullOptionalFields_RoundTrips()
    {
        var call = RingingCall(Unique("alice"), Unique("bob"), At(0));

        await Calls.CreateAsync(call, [], null, Window, default).WithTimeout();

        AssertSameCall(call, await Calls.GetAsync(call.CallId, default).WithTimeout());
    }

    [Fact]
    public async Task Create_WritesTraceInOrder()
    {
        var call = RingingCall(Unique("alice"), Unique("bob"), At(0), IosLeg("b-phone"));
        TraceEvent[] trace = [Trace(At(0), TraceEventType.Created), new(At(0), "push.sent", "b-phone", """{"apnsId":"x"}""")];

        await Calls.CreateAsync(call, trace, null, Window, default).WithTimeout();

        Assert.Equal(trace, await Calls.GetTraceAsync(call.CallId, default).WithTimeout());
    }

    [Fact]
    public async Task Get_UnknownCall_ReturnsNull()
    {
        Assert.Null(await Calls.GetAsync(Guid.NewGuid(), default).WithTimeout());
    }

    [Fact]
    public async Task Get_ReturnsLegsOrderedByDeviceId()
    {
        var call = RingingCall(Unique("alice"), Unique("bob"), At(0), IosLeg("c"), IosLeg("a"), IosLeg("b"));
        await Calls.CreateAsync(call, [], null, Window, default).WithTimeout();

        var stored = await Calls.GetAsync(call.CallId, default).WithTimeout();

        Assert.Equal(["a", "b", "c"], stored!.Legs.Select(l => l.DeviceId));
    }

    [Fact]
    public async Task Create_SameKeyWithinWindow_ReturnsExistingCallAndWritesNothing()
    {
        var alice = Unique("alice");
        var first = RingingCall(alice, Unique("bob"), At(0), IosLeg("b-phone"));
        var retry = RingingCall(alice, first.To, At(3600), IosLeg("b-phone"));
        await Calls.CreateAsync(first, [Trace(At(0), TraceEventType.Created)], "key-1", Window, default).WithTimeout();

        var creation = await Calls.CreateAsync(retry, [Trace(At(3600), TraceEventType.Created)], "key-1", Window, default).WithTimeout();

        Assert.False(creation.Created);
        AssertSameCall(first, creation.Call);
        Assert.Null(await Calls.GetAsync(retry.CallId, default).WithTimeout());
        Assert.Empty(await Calls.GetTraceAsync(retry.CallId, default).WithTimeout());
        Assert.Single(await Calls.GetTraceAsync(first.CallId, default).WithTimeout());
    }

    [Fact]
    public async Task Create_SameKeyAfterWindow_CreatesNewCallAndTakesKeyOver()
    {
        var alice = Unique("alice");
        var first = RingingCall(alice, Unique("bob"), At(0));
        var later = RingingCall(alice, first.To, At(0) + Window + TimeSpan.FromSeconds(1));
        var third = RingingCall(alice, first.To, later.CreatedAt.AddMinutes(1));
        await Calls.CreateAsync(first, [], "key-1", Window, default).WithTimeout();

        var creation = await Calls.CreateAsync(later, [], "key-1", Window, default).WithTimeout();
        var retryOfLater = await Calls.CreateAsync(third, [], "key-1", Window, default).WithTimeout();

        Assert.True(creation.Created);
        Assert.NotNull(await Calls.GetAsync(later.CallId, default).WithTimeout());
        Assert.NotNull(await Calls.GetAsync(first.CallId, default).WithTimeout());
        // The key now points at the newer call, and its window starts again from there.
        Assert.False(retryOfLater.Created);
        Assert.Equal(later.CallId, retryOfLater.Call.CallId);
    }

    [Fact]
    public async Task Create_SameKeyFromAnotherCaller_CreatesNewCall()
    {
        var bob = Unique("bob");
        var fromAlice = RingingCall(Unique("alice"), bob, At(0));
        var fromCarol = RingingCall(Unique("carol"), bob, At(1));
        await Calls.CreateAsync(fromAlice, [], "shared-key", Window, default).WithTimeout();

        var creation = await Calls.CreateAsync(fromCarol, [], "shared-key", Window, default).WithTimeout();

        Assert.True(creation.Created);
        Assert.Equal(fromCarol.CallId, creation.Call.CallId);
    }

    [Fact]
    public async Task Create_ConcurrentWithSameKey_CreatesExactlyOneCall()
    {
        var alice = Unique("alice");
        var bob = Unique("bob");
        var gate = new TaskCompletionSource();
        var attempts = Enumerable.Range(0, 8)
            .Select(i => RingingCall(alice, bob, At(i * 0.001), IosLeg("b-phone")))
            .Select(call => Task.Run(async () =>
            {
                await gate.Task;
                return await Calls.CreateAsync(call, [Trace(call.CreatedAt, TraceEventType.Created)], "key-1", Window, default);
            }))
            .ToList();

        gate.SetResult();
        var creations = await Task.WhenAll(attempts).WithTimeout();

        Assert.Single(creations, c => c.Created);
        Assert.Single(creations.Select(c => c.Call.CallId).Distinct());
        Assert.Single(await Calls.ListForUserAsync(alice, 50, default).WithTimeout());
    }

    [Fact]
    public async Task TryTransition_WhenVersionMatches_WritesEndFieldsAndTrace()
    {
        var call = RingingCall(Unique("alice"), Unique("bob"), At(0), IosLeg("b-phone")) with { Metadata = """{"a":1}""" };
        await Calls.CreateAsync(call, [Trace(At(0), TraceEventType.Created)], null, Window, default).WithTimeout();
        var next = Ended(call, CallState.Declined, EndReason.CalleeDeclined, At(5)) with
        {
            EndedBy = call.To,
            EndedByDevice = "b-phone",
            // Legs and metadata are not the transition's to change.
            Legs = [],
            Metadata = "{}",
        };

        var applied = await Calls.TryTransitionAsync(next, 1, Trace(At(5), "declined", "b-phone"), default).WithTimeout();

        Assert.True(applied);
        AssertSameCall(next with { Legs = call.Legs, Metadata = call.Metadata }, await Calls.GetAsync(call.CallId, default).WithTimeout());
        Assert.Equal(
            [TraceEventType.Created, "declined"],
            (await Calls.GetTraceAsync(call.CallId, default).WithTimeout()).Select(t => t.Type));
    }

    [Fact]
    public async Task TryTransition_WhenVersionMoved_WritesNothing()
    {
        var call = RingingCall(Unique("alice"), Unique("bob"), At(0), IosLeg("b-phone"));
        await Calls.CreateAsync(call, [], null, Window, default).WithTimeout();
        var answered = Answered(call, "b-phone", At(2));
        await Calls.TryTransitionAsync(answered, 1, Trace(At(2), "answered", "b-phone"), default).WithTimeout();

        var stale = Ended(call, CallState.Cancelled, EndReason.CallerCancelled, At(3));
        var applied = await Calls.TryTransitionAsync(stale, 1, Trace(At(3), "cancelled"), default).WithTimeout();

        Assert.False(applied);
        AssertSameCall(answered, await Calls.GetAsync(call.CallId, default).WithTimeout());
        Assert.Equal(["answered"], (await Calls.GetTraceAsync(call.CallId, default).WithTimeout()).Select(t => t.Type));
    }

    [Fact]
    public async Task TryTransition_UnknownCall_ReturnsFalse()
    {
        var ghost = RingingCall(Unique("alice"), Unique("bob"), At(0));

        Assert.False(await Calls.TryTransitionAsync(Answered(ghost, "b", At(1)), 1, Trace(At(1), "answered"), default).WithTimeout());
        Assert.Empty(await Calls.GetTraceAsync(ghost.CallId, default).WithTimeout());
    }

    [Fact]
    public async Task TryTransition_ConcurrentWithSameVersion_ExactlyOneWins()
    {
        for (var i = 0; i < 50; i++)
        {
            var call = RingingCall(Unique("alice"), Unique("bob"), At(i), IosLeg("b-phone"), IosLeg("b-pad"));
            await Calls.CreateAsync(call, [], null, Window, default).WithTimeout();
            var gate = new TaskCompletionSource();
            var answers = new[] { "b-phone", "b-pad" }
                .Select(device => Task.Run(async () =>
                {
                    await gate.Task;
                    return await Calls.TryTransitionAsync(Answered(call, device, At(i + 1)), 1, Trace(At(i + 1), "answered", device), default);
                }))
                .ToList();

            gate.SetResult();
            var results = await Task.WhenAll(answers).WithTimeout();

            Assert.Single(results, r => r);
            var stored = await Calls.GetAsync(call.CallId, default).WithTimeout();
            var trace = await Calls.GetTraceAsync(call.CallId, default).WithTimeout();
            Assert.Equal(2, stored!.Version);
            Assert.Equal(stored.AnsweredBy, Assert.Single(trace).DeviceId);
        }
    }

    [Fact]
    public async Task RecordPush_SetsOutcomeOnLegAndTraces()
    {
        var call = RingingCall(Unique("alice"), Unique("bob"), At(0), IosLeg("b-phone"), IosLeg("b-pad"));
        await Calls.CreateAsync(call, [], null, Window, default).WithTimeout();

        await Calls.RecordPushAsync(call.CallId, "b-phone", PushStatus.Sent, null, Trace(At(1), TraceEventType.PushSent, "b-phone"), default).WithTimeout();
        await Calls.RecordPushAsync(call.CallId, "b-pad", PushStatus.Failed, "BadDeviceToken", Trace(At(1), TraceEventType.PushFailed, "b-pad"), default).WithTimeout();

        var stored = await Calls.GetAsync(call.CallId, default).WithTimeout();
        Assert.Equal<Leg>(
            [IosLeg("b-pad", PushStatus.Failed) with { PushError = "BadDeviceToken" }, IosLeg("b-phone", PushStatus.Sent)],
            stored!.Legs);
        Assert.Equal(1, stored.Version);
        Assert.Equal(
            [TraceEventType.PushSent, TraceEventType.PushFailed],
            (await Calls.GetTraceAsync(call.CallId, default).WithTimeout()).Select(t => t.Type));
    }

    [Fact]
    public async Task RecordClaim_NewDevice_AddsLegWithNoPush()
    {
        var call = RingingCall(Unique("alice"), Unique("bob"), At(0), IosLeg("b-phone"));
        await Calls.CreateAsync(call, [], null, Window, default).WithTimeout();

        await Calls.RecordClaimAsync(call.CallId, "b-web", Platform.Web, Trace(At(2), TraceEventType.Claimed, "b-web"), default).WithTimeout();

        var stored = await Calls.GetAsync(call.CallId, default).WithTimeout();
        Assert.Equal<Leg>([IosLeg("b-phone"), new Leg("b-web", Platform.Web, PushStatus.None, ClaimedAt: At(2))], stored!.Legs);
        Assert.Equal([TraceEventType.Claimed], (await Calls.GetTraceAsync(call.CallId, default).WithTimeout()).Select(t => t.Type));
    }

    [Fact]
    public async Task RecordClaim_Twice_KeepsFirstClaimTimeAndTracesBoth()
    {
        var call = RingingCall(Unique("alice"), Unique("bob"), At(0), IosLeg("b-phone", PushStatus.Sent));
        await Calls.CreateAsync(call, [], null, Window, default).WithTimeout();

        await Calls.RecordClaimAsync(call.CallId, "b-phone", Platform.Ios, Trace(At(2), TraceEventType.Claimed, "b-phone"), default).WithTimeout();
        await Calls.RecordClaimAsync(call.CallId, "b-phone", Platform.Android, Trace(At(4), TraceEventType.Claimed, "b-phone"), default).WithTimeout();

        var leg = Assert.Single((await Calls.GetAsync(call.CallId, default).WithTimeout())!.Legs);
        Assert.Equal(new Leg("b-phone", Platform.Ios, PushStatus.Sent, ClaimedAt: At(2)), leg);
        Assert.Equal(2, (await Calls.GetTraceAsync(call.CallId, default).WithTimeout()).Count);
    }

    [Fact]
    public async Task RecordReported_Twice_KeepsFirstTime()
    {
        var call = RingingCall(Unique("alice"), Unique("bob"), At(0), IosLeg("b-phone", PushStatus.Sent));
        await Calls.CreateAsync(call, [], null, Window, default).WithTimeout();

        await Calls.RecordReportedAsync(call.CallId, "b-phone", Trace(At(1), TraceEventType.Reported, "b-phone"), default).WithTimeout();
        await Calls.RecordReportedAsync(call.CallId, "b-phone", Trace(At(3), TraceEventType.Reported, "b-phone"), default).WithTimeout();

        var leg = Assert.Single((await Calls.GetAsync(call.CallId, default).WithTimeout())!.Legs);
        Assert.Equal(At(1), leg.ReportedAt);
        Assert.Null(leg.ClaimedAt);
    }

    [Fact]
    public async Task RecordReported_WithoutLeg_OnlyTraces()
    {
        var call = RingingCall(Unique("alice"), Unique("bob"), At(0), IosLeg("b-phone"));
        await Calls.CreateAsync(call, [], null, Window, default).WithTimeout();

        await Calls.RecordReportedAsync(call.CallId, "b-other", Trace(At(1), TraceEventType.Reported, "b-other"), default).WithTimeout();

        Assert.Equal<Leg>([IosLeg("b-phone")], (await Calls.GetAsync(call.CallId, default).WithTimeout())!.Legs);
        Assert.Equal("b-other", Assert.Single(await Calls.GetTraceAsync(call.CallId, default).WithTimeout()).DeviceId);
    }

    [Fact]
    public async Task LegAndTraceWrites_ForUnknownCall_WriteNothing()
    {
        var ghost = Guid.NewGuid();

        await Calls.RecordPushAsync(ghost, "d", PushStatus.Sent, null, Trace(At(1), TraceEventType.PushSent, "d"), default).WithTimeout();
        await Calls.RecordClaimAsync(ghost, "d", Platform.Ios, Trace(At(1), TraceEventType.Claimed, "d"), default).WithTimeout();
        await Calls.RecordReportedAsync(ghost, "d", Trace(At(1), TraceEventType.Reported, "d"), default).WithTimeout();
        await Calls.AppendTraceAsync(ghost, Trace(At(1), "note"), default).WithTimeout();

        Assert.Null(await Calls.GetAsync(ghost, default).WithTimeout());
        Assert.Empty(await Calls.GetTraceAsync(ghost, default).WithTimeout());
    }

    [Fact]
    public async Task AppendTrace_GetTraceReturnsOldestFirstByInsertion()
    {
        var call = RingingCall(Unique("alice"), Unique("bob"), At(0));
        await Calls.CreateAsync(call, [Trace(At(0), TraceEventType.Created)], null, Window, default).WithTimeout();

        await Calls.AppendTraceAsync(call.CallId, new TraceEvent(At(5), TraceEventType.AlertSent, "b-phone", """{"k":"v"}"""), default).WithTimeout();
        // Written later with an earlier clock (another node): the trace keeps write order.
        await Calls.AppendTraceAsync(call.CallId, Trace(At(4), TraceEventType.AlertFailed), default).WithTimeout();

        Assert.Equal(
            [
                Trace(At(0), TraceEventType.Created),
                new TraceEvent(At(5), TraceEventType.AlertSent, "b-phone", """{"k":"v"}"""),
                Trace(At(4), TraceEventType.AlertFailed),
            ],
            await Calls.GetTraceAsync(call.CallId, default).WithTimeout());
    }

    [Fact]
    public async Task ListForUser_ReturnsCallsAsEitherPartyNewestFirstUpToLimit()
    {
        var alice = Unique("alice");
        var bob = Unique("bob");
        var outgoing = RingingCall(alice, bob, At(1), IosLeg("b-phone"));
        var incoming = RingingCall(bob, alice, At(2), IosLeg("a-phone"));
        var newest = RingingCall(alice, Unique("carol"), At(3));
        var unrelated = RingingCall(bob, Unique("carol"), At(4));
        foreach (var call in new[] { outgoing, incoming, newest, unrelated })
        {
            await Calls.CreateAsync(call, [], null, Window, default).WithTimeout();
        }

        var all = await Calls.ListForUserAsync(alice, 50, default).WithTimeout();
        var two = await Calls.ListForUserAsync(alice, 2, default).WithTimeout();

        Assert.Equal([newest.CallId, incoming.CallId, outgoing.CallId], all.Select(c => c.CallId));
        AssertSameCall(incoming, all[1]);
        AssertSameCall(outgoing, all[2]);
        Assert.Equal([newest.CallId, incoming.CallId], two.Select(c => c.CallId));
        Assert.Empty(await Calls.ListForUserAsync(Unique("nobody"), 50, default).WithTimeout());
    }

    [Fact]
    public async Task ListRingingForCallee_ReturnsOnlyItsRingingCallsOldestFirst()
    {
        var bob = Unique("bob");
        var older = RingingCall(Unique("alice"), bob, At(1), IosLeg("b-phone"));
        var newer = RingingCall(Unique("carol"), bob, At(2), IosLeg("b-phone"));
        var answered = RingingCall(Unique("dave"), bob, At(0));
        var asCaller = RingingCall(bob, Unique("erin"), At(0));
        foreach (var call in new[] { newer, older, answered, asCaller })
        {
            await Calls.CreateAsync(call, [], null, Window, default).WithTimeout();
        }

        await Calls.TryTransitionAsync(Answered(answered, "b-phone", At(1)), 1, Trace(At(1), "answered"), default).WithTimeout();

        var ringing = await Calls.ListRingingForCalleeAsync(bob, default).WithTimeout();

        Assert.Equal([older.CallId, newer.CallId], ringing.Select(c => c.CallId));
        AssertSameCall(older, ringing[0]);
    }

    [Fact]
    public async Task ListRinging_ReturnsRingingCallsOnly()
    {
        var ringing = RingingCall(Unique("alice"), Unique("bob"), At(0), IosLeg("b-phone"));
        var missed = RingingCall(Unique("alice"), Unique("bob"), At(0));
        await Calls.CreateAsync(ringing, [], null, Window, default).WithTimeout();
        await Calls.CreateAsync(missed, [], null, Window, default).WithTimeout();
        await Calls.TryTransitionAsync(Ended(missed, CallState.Missed, EndReason.RingTimeout, At(45)), 1, Trace(At(45), "missed"), default).WithTimeout();

        var all = await Calls.ListRingingAsync(default).WithTimeout();

        // Other tests share the database: look only at this test's calls.
        AssertSameCall(ringing, Assert.Single(all, c => c.CallId == ringing.CallId));
        Assert.DoesNotContain(all, c => c.CallId == missed.CallId);
        Assert.All(all, c => Assert.Equal(CallState.Ringing, c.State));
    }

    [Fact]
    public async Task IsInAnsweredCall_TrueForEitherPartyOfAnAnsweredCallOnly()
    {
        var alice = Unique("alice");
        var bob = Unique("bob");
        var call = RingingCall(alice, bob, At(0), IosLeg("b-phone"));
        await Calls.CreateAsync(call, [], null, Window, default).WithTimeout();
        Assert.False(await Calls.IsInAnsweredCallAsync(bob, default).WithTimeout());

        var answered = Answered(call, "b-phone", At(1));
        await Calls.TryTransitionAsync(answered, 1, Trace(At(1), "answered"), default).WithTimeout();
        Assert.True(await Calls.IsInAnsweredCallAsync(alice, default).WithTimeout());
        Assert.True(await Calls.IsInAnsweredCallAsync(bob, default).WithTimeout());
        Assert.False(await Calls.IsInAnsweredCallAsync(Unique("carol"), default).WithTimeout());

        await Calls.TryTransitionAsync(Ended(answered, CallState.Ended, EndReason.Hangup, At(9)), 2, Trace(At(9), "ended"), default).WithTimeout();
        Assert.False(await Calls.IsInAnsweredCallAsync(alice, default).WithTimeout());
        Assert.False(await Calls.IsInAnsweredCallAsync(bob, default).WithTimeout());
    }

    [Fact]
    public async Task CountUnclaimedPushes_CountsSentPushesSinceWithNoClaimOrReport()
    {
        var bob = Unique("bob");
        var since = At(100);

        // Each call rings bob's phone and pad; only what happens to each leg differs.
        async Task<Guid> Ring(double at, PushStatus push = PushStatus.Sent)
        {
            var call = RingingCall(Unique("alice"), bob, At(at), IosLeg("b-phone"), IosLeg("b-pad"));
            await Calls.CreateAsync(call, [], null, Window, default).WithTimeout();
            foreach (var device in new[] { "b-phone", "b-pad" })
            {
                await Calls.RecordPushAsync(call.CallId, device, push, null, Trace(At(at), TraceEventType.PushSent, device), default).WithTimeout();
            }

            return call.CallId;
        }

        await Ring(50);                                    // before since
        await Ring(200);                                   // counts for both
        await Ring(300);                                   // counts for both
        await Ring(400, PushStatus.Failed);                // not sent
        var claimed = await Ring(500);                     // phone claims
        await Calls.RecordClaimAsync(claimed, "b-phone", Platform.Ios, Trace(At(501), TraceEventType.Claimed, "b-phone"), default).WithTimeout();
        var reported = await Ring(600);                    // pad reports
        await Calls.RecordReportedAsync(reported, "b-pad", Trace(At(601), TraceEventType.Reported, "b-pad"), default).WithTimeout();
        // bob's own outgoing call: its legs are the callee's devices, never bob's.
        var outgoing = RingingCall(bob, Unique("carol"), At(700), IosLeg("b-phone"));
        await Calls.CreateAsync(outgoing, [], null, Window, default).WithTimeout();
        await Calls.RecordPushAsync(outgoing.CallId, "b-phone", PushStatus.Sent, null, Trace(At(700), TraceEventType.PushSent), default).WithTimeout();

        var counts = await Calls.CountUnclaimedPushesAsync(bob, since, default).WithTimeout();

        Assert.Equal(2, counts.Count);
        Assert.Equal(3, counts["b-phone"]);
        Assert.Equal(3, counts["b-pad"]);
        Assert.Empty(await Calls.CountUnclaimedPushesAsync(Unique("nobody"), since, default).WithTimeout());
    }

    [Fact]
    public async Task PurgeEndedBefore_DeletesOnlyTerminalCallsEndedBeforeCutoff_WithTheirTraceAndKeys()
    {
        // Far in the past, so no other test's calls fall before this cutoff.
        var old = DateTimeOffset.FromUnixTimeMilliseconds(1_000_000_000_000);
        var cutoff = old.AddDays(30);
        var alice = Unique("alice");
        var purged = RingingCall(alice, Unique("bob"), old, IosLeg("b-phone"));
        var endedRecently = RingingCall(alice, Unique("bob"), old, IosLeg("b-phone"));
        var stillRinging = RingingCall(alice, Unique("bob"), old);
        var stillAnswered = RingingCall(alice, Unique("bob"), old);
        await Calls.CreateAsync(purged, [Trace(old, TraceEventType.Created)], "key-1", Window, default).WithTimeout();
        foreach (var call in new[] { endedRecently, stillRinging, stillAnswered })
        {
            await Calls.CreateAsync(call, [Trace(old, TraceEventType.Created)], null, Window, default).WithTimeout();
        }

        await Calls.RecordClaimAsync(purged.CallId, "b-phone", Platform.Ios, Trace(old, TraceEventType.Claimed, "b-phone"), default).WithTimeout();
        await Calls.TryTransitionAsync(Ended(purged, CallState.Missed, EndReason.RingTimeout, old.AddSeconds(45)), 1, Trace(old, "missed"), default).WithTimeout();
        await Calls.TryTransitionAsync(Ended(endedRecently, CallState.Cancelled, EndReason.CallerCancelled, cutoff), 1, Trace(cutoff, "cancelled"), default).WithTimeout();
        await Calls.TryTransitionAsync(Answered(stillAnswered, "b-phone", old), 1, Trace(old, "answered"), default).WithTimeout();

        var deleted = await Calls.PurgeEndedBeforeAsync(cutoff, default).WithTimeout();

        Assert.Equal(1, deleted);
        Assert.Null(await Calls.GetAsync(purged.CallId, default).WithTimeout());
        Assert.Empty(await Calls.GetTraceAsync(purged.CallId, default).WithTimeout());
        Assert.NotNull(await Calls.GetAsync(endedRecently.CallId, default).WithTimeout());
        Assert.NotNull(await Calls.GetAsync(stillRinging.CallId, default).WithTimeout());
        Assert.NotNull(await Calls.GetAsync(stillAnswered.CallId, default).WithTimeout());
        Assert.NotEmpty(await Calls.GetTraceAsync(endedRecently.CallId, default).WithTimeout());

        // The purged call's idempotency key went with it: the same key, even within the window, creates a call.
        var again = RingingCall(alice, purged.To, old.AddMinutes(1));
        Assert.True((await Calls.CreateAsync(again, [], "key-1", Window, default).WithTimeout()).Created);
        Assert.Equal(0, await Calls.PurgeEndedBeforeAsync(cutoff, default).WithTimeout());
    }

    /// <summary>Field by field: a record holding an ImmutableArray compares the array by reference.</summary>
    protected static void AssertSameCall(Call expected, Call? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected, actual with { Legs = expected.Legs });
        Assert.Equal(expected.Legs.OrderBy(l => l.DeviceId, StringComparer.Ordinal), actual.Legs);
    }
}
