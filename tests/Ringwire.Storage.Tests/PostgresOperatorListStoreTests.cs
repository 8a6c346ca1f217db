using Dapper;
using Ringwire.Storage.Postgres;
using static Ringwire.Storage.Tests.TestData;

namespace Ringwire.Storage.Tests;

public sealed class PostgresOperatorListStoreTests : OperatorListStoreTests
{
    protected override async Task<StoreFixture> FreshAsync()
    {
        var store = new PostgresStoreFixture();
        await store.InitializeAsync();
        return store;
    }

    /// <remarks>
    /// PostgreSQL may read the few live calls through a bitmap and sort them, which is as good; the many terminal calls
    /// it must walk newest first and stop at the limit.
    /// </remarks>
    [Theory]
    [InlineData(CallStateFilter.Live, "calls_live")]
    [InlineData(CallStateFilter.Ringing, "calls_ringing")]
    [InlineData(CallStateFilter.Answered, "Index Scan")]
    [InlineData(CallStateFilter.Ended, "Index Scan Backward using calls_by_created")]
    [InlineData(CallStateFilter.All, "Index Scan Backward using calls_by_created")]
    public async Task List_ReadsAnIndex_NotTheTable(CallStateFilter filter, string step)
    {
        var plan = await PlanAsync(PostgresCallStore.OperatorListSql(filter), new { limit = 50L });

        Assert.True(plan.Contains(step, StringComparison.Ordinal), plan);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountUnclaimedPushes_ForEveryDevice_ReadsTheUnclaimedLegsIndex()
    {
        var plan = await PlanAsync(PostgresCallStore.AllUnclaimedPushesSql, new { since = At(0).UtcDateTime });

        Assert.True(plan.Contains("legs_unclaimed_by_push_at", StringComparison.Ordinal), plan);
    }

    [Fact]
    public async Task ListConnected_ReturnsTheLiveDevicesOfTheUsers_OncePerDevice()
    {
        var store = (PostgresStoreFixture)await FreshAsync();
        try
        {
            var presence = new PostgresPresenceStore(store.Database);
            var now = At(0);
            // Bob's phone twice (it reconnected to another node before its old socket was noticed gone).
            await presence.AddAsync(new PresenceEntry(Guid.NewGuid(), "n1", "bob", "phone"), now.AddSeconds(30), default).WithTimeout();
            await presence.AddAsync(new PresenceEntry(Guid.NewGuid(), "n2", "bob", "phone"), now.AddSeconds(30), default).WithTimeout();
            await presence.AddAsync(new PresenceEntry(Guid.NewGuid(), "n1", "alice", "web"), now.AddSeconds(30), default).WithTimeout();
            // Expired: its node died.
            await presence.AddAsync(new PresenceEntry(Guid.NewGuid(), "n3", "bob", "ipad"), now.AddSeconds(-1), default).WithTimeout();
            // Not asked about.
            await presence.AddAsync(new PresenceEntry(Guid.NewGuid(), "n1", "carol", "phone"), now.AddSeconds(30), default).WithTimeout();

            var connected = await presence.ListConnectedAsync(["bob", "alice", "dave"], now, default).WithTimeout();

            Assert.Equal([new DeviceKey("alice", "web"), new DeviceKey("bob", "phone")], connected);
            Assert.Empty(await presence.ListConnectedAsync([], now, default).WithTimeout());
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    /// <summary>The plan PostgreSQL picks when a table scan is priced out, as it is once the table is large.</summary>
    private async Task<string> PlanAsync(string sql, object parameters)
    {
        var store = (PostgresStoreFixture)await FreshAsync();
        try
        {
            await using var connection = await store.Database.OpenConnectionAsync(default).WithTimeout();
            await connection.ExecuteAsync("SET enable_seqscan = off;").WithTimeout();
            var rows = await connection.QueryAsync<string>("EXPLAIN " + sql, parameters).WithTimeout();
            return string.Join('\n', rows);
        }
        finally
        {
            await store.DisposeAsync();
        }
    }
}
