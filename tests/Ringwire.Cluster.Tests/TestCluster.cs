namespace Ringwire.Cluster.Tests;

/// <summary>A scratch database and N server processes on it; disposing kills every process, then drops the database.</summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly PostgresTestDatabase _database;
    private readonly List<ServerProcess> _nodes;

    private TestCluster(PostgresTestDatabase database, List<ServerProcess> nodes)
    {
        _database = database;
        _nodes = nodes;
        Apis = [.. nodes.Select(n => new NodeApi(n))];
    }

    /// <summary>One client per node, in node order.</summary>
    public IReadOnlyList<NodeApi> Apis { get; }

    /// <param name="settings">Extra environment variables for every node, e.g. <c>Ringwire__Ringing__ClaimTimeoutSeconds</c>.</param>
    public static async Task<TestCluster> StartAsync(int nodes, IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = await PostgresTestDatabase.CreateAsync();
        var starting = Enumerable.Range(1, nodes)
            .Select(i => ServerProcess.StartAsync($"node{i}", database.ConnectionString, settings))
            .ToArray();
        try
        {
            return new TestCluster(database, [.. await Task.WhenAll(starting)]);
        }
        catch
        {
            // The nodes that did start are killed; the failure says which did not and why.
            foreach (var start in starting.Where(s => s.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }

            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var api in Apis)
        {
            api.Dispose();
        }

        await Task.WhenAll(_nodes.Select(n => n.DisposeAsync().AsTask()));
        await _database.DisposeAsync();
    }
}
