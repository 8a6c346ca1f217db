using Dapper;
using Ringwire.Core;

namespace Ringwire.Storage.Tests;

public sealed class PostgresCallStoreTests(PostgresStoreFixture fixture) : CallStoreTests(fixture), IClassFixture<PostgresStoreFixture>
{
    [Fact]
    public async Task PurgeEndedBefore_CascadesToLegsTraceAndKeyRows()
    {
        // After the shared purge test's cutoff, before every other test's calls.
        var old = DateTimeOffset.FromUnixTimeMilliseconds(1_100_000_000_000);
        var call = TestData.RingingCall(TestData.Unique("alice"), TestData.Unique("bob"), old, TestData.IosLeg("b-phone"));
        var store = fixture.Calls;
        await store.CreateAsync(call, [TestData.Trace(old, "created")], "k", TimeSpan.FromHours(24), default).WithTimeout();
        var ended = TestData.Ended(call, CallState.Missed, EndReason.RingTimeout, old.AddSeconds(45));
        await store.TryTransitionAsync(ended, 1, TestData.Trace(old, "missed"), default).WithTimeout();

        await store.PurgeEndedBeforeAsync(old.AddDays(1), default).WithTimeout();

        await using var connection = await fixture.Database.OpenConnectionAsync(default).WithTimeout();
        var leftovers = await connection.QuerySingleAsync<long>(
            """
            SELECT (SELECT COUNT(*) FROM legs WHERE call_id = @id)
                 + (SELECT COUNT(*) FROM call_trace WHERE call_id = @id)
                 + (SELECT COUNT(*) FROM idempotency_keys WHERE call_id = @id);
            """,
            new { id = call.CallId }).WithTimeout();
        Assert.Equal(0, leftovers);
    }

    [Fact]
    public async Task Create_StoresCallIdAsUuidAndTimesAsTimestamptz()
    {
        var call = TestData.RingingCall(TestData.Unique("alice"), TestData.Unique("bob"), TestData.At(0));
        await fixture.Calls.CreateAsync(call, [], null, TimeSpan.FromHours(24), default).WithTimeout();

        await using var connection = await fixture.Database.OpenConnectionAsync(default).WithTimeout();
        var (id, idType, createdType, createdMs) = await connection.QuerySingleAsync<(Guid, string, string, long)>(
            """
            SELECT call_id, pg_typeof(call_id)::text, pg_typeof(created_at)::text,
                   (extract(epoch FROM created_at) * 1000)::bigint
            FROM calls WHERE call_id = @id;
            """,
            new { id = call.CallId }).WithTimeout();

        Assert.Equal(call.CallId, id);
        Assert.Equal("uuid", idType);
        Assert.Equal("timestamp with time zone", createdType);
        Assert.Equal(call.CreatedAt.ToUnixTimeMilliseconds(), createdMs);
    }

    [Fact]
    public async Task Create_CutsTimesToTheMillisecondInUtc_AsSqliteDoes()
    {
        // 0.9 ms past the millisecond, written with a +02:00 offset: stored as the same instant, cut to the ms.
        var at = TestData.At(0).AddTicks(9_000).ToOffset(TimeSpan.FromHours(2));
        var call = TestData.RingingCall(TestData.Unique("alice"), TestData.Unique("bob"), at);

        await fixture.Calls.CreateAsync(call, [TestData.Trace(at, "created")], null, TimeSpan.FromHours(24), default).WithTimeout();

        var stored = await fixture.Calls.GetAsync(call.CallId, default).WithTimeout();
        Assert.Equal(TestData.At(0), stored!.CreatedAt);
        Assert.Equal(TimeSpan.Zero, stored.CreatedAt.Offset);
        Assert.Equal(TestData.At(0), Assert.Single(await fixture.Calls.GetTraceAsync(call.CallId, default).WithTimeout()).At);
    }

    [Fact]
    public async Task MetadataAndTraceDetail_ComeBackByteForByte()
    {
        // jsonb would sort these keys, collapse the spaces and drop the duplicate; the store keeps text as given.
        const string metadata = """{ "z":1,  "a" : [ 2,1 ], "a":"dup", "é":"\u00e9" }""";
        const string detail = """{"b":"x",   "a":{"d":1,"c":2}}""";
        var call = TestData.RingingCall(TestData.Unique("alice"), TestData.Unique("bob"), TestData.At(0)) with { Metadata = metadata };

        await fixture.Calls.CreateAsync(call, [new TraceEvent(TestData.At(0), "created", null, detail)], null, TimeSpan.FromHours(24), default).WithTimeout();
        await fixture.Calls.AppendTraceAsync(call.CallId, new TraceEvent(TestData.At(1), "note", "d", detail), default).WithTimeout();

        Assert.Equal(metadata, (await fixture.Calls.GetAsync(call.CallId, default).WithTimeout())!.Metadata);
        Assert.All(await fixture.Calls.GetTraceAsync(call.CallId, default).WithTimeout(), t => Assert.Equal(detail, t.Detail));
    }
}
