using Dapper;

namespace Ringwire.Storage.Tests;

public sealed class SqliteCallStoreTests(SqliteStoreFixture fixture) : CallStoreTests(fixture), IClassFixture<SqliteStoreFixture>
{
    [Fact]
    public async Task PurgeEndedBefore_CascadesToLegsTraceAndKeyRows()
    {
        // After the shared purge test's cutoff, before every other test's calls.
        var old = DateTimeOffset.FromUnixTimeMilliseconds(1_100_000_000_000);
        var call = TestData.RingingCall(TestData.Unique("alice"), TestData.Unique("bob"), old, TestData.IosLeg("b-phone"));
        var store = fixture.Calls;
        await store.CreateAsync(call, [TestData.Trace(old, "created")], "k", TimeSpan.FromHours(24), default).WithTimeout();
        var ended = TestData.Ended(call, Core.CallState.Missed, Core.EndReason.RingTimeout, old.AddSeconds(45));
        await store.TryTransitionAsync(ended, 1, TestData.Trace(old, "missed"), default).WithTimeout();

        await store.PurgeEndedBeforeAsync(old.AddDays(1), default).WithTimeout();

        await using var connection = await fixture.Database.OpenConnectionAsync(default).WithTimeout();
        var leftovers = await connection.QuerySingleAsync<long>(
            """
            SELECT (SELECT COUNT(*) FROM legs WHERE call_id = @id)
                 + (SELECT COUNT(*) FROM call_trace WHERE call_id = @id)
                 + (SELECT COUNT(*) FROM idempotency_keys WHERE call_id = @id);
            """,
            new { id = call.CallId.ToString("D") }).WithTimeout();
        Assert.Equal(0, leftovers);
    }

    [Fact]
    public async Task Create_StoresCallIdAsLowerCaseText()
    {
        var call = TestData.RingingCall(TestData.Unique("alice"), TestData.Unique("bob"), TestData.At(0));
        await fixture.Calls.CreateAsync(call, [], null, TimeSpan.FromHours(24), default).WithTimeout();

        await using var connection = await fixture.Database.OpenConnectionAsync(default).WithTimeout();
        var (id, type, created) = await connection.QuerySingleAsync<(string, string, long)>(
            "SELECT call_id, typeof(call_id), created_at FROM calls WHERE call_id = @id;",
            new { id = call.CallId.ToString("D") }).WithTimeout();

        Assert.Equal(call.CallId.ToString("D").ToLowerInvariant(), id);
        Assert.Equal("text", type);
        Assert.Equal(call.CreatedAt.ToUnixTimeMilliseconds(), created);
    }
}
