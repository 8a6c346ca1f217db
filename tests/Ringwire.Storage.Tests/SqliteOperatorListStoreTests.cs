using Dapper;
using Ringwire.Storage.Sqlite;

namespace Ringwire.Storage.Tests;

public sealed class SqliteOperatorListStoreTests : OperatorListStoreTests
{
    protected override async Task<StoreFixture> FreshAsync()
    {
        var store = new SqliteStoreFixture();
        await store.InitializeAsync();
        return store;
    }

    [Theory]
    [InlineData(CallStateFilter.Live, "calls_live")]
    [InlineData(CallStateFilter.Ringing, "calls_ringing")]
    [InlineData(CallStateFilter.Answered, "calls_live")]
    [InlineData(CallStateFilter.Ended, "calls_by_created")]
    [InlineData(CallStateFilter.All, "calls_by_created")]
    public async Task List_WalksAnIndexNewestFirst_WithoutSorting(CallStateFilter filter, string index)
    {
        var plan = await PlanAsync(SqliteCallStore.OperatorListSql(filter), new { limit = 50L });

        Assert.Contains(plan, step => step.Contains($"INDEX {index}", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CountUnclaimedPushes_ForEveryDevice_ReadsTheUnclaimedLegsIndex()
    {
        var plan = await PlanAsync(SqliteCallStore.AllUnclaimedPushesSql, new { since = 0L });

        Assert.Contains(plan, step => step.Contains("INDEX legs_unclaimed_by_push_at", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN l", StringComparison.Ordinal) || step.StartsWith("SCAN legs", StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<string>> PlanAsync(string sql, object parameters)
    {
        var store = (SqliteStoreFixture)await FreshAsync();
        try
        {
            await using var connection = await store.Database.OpenConnectionAsync(default).WithTimeout();
            var rows = await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters).WithTimeout();
            return [.. rows.Select(r => r.Detail)];
        }
        finally
        {
            await store.DisposeAsync();
        }
    }
}
