using System.Threading.Channels;
using Dapper;
using Ringwire.Core;
using Ringwire.Server.Logging;
using Ringwire.Storage.Postgres;

namespace Ringwire.Server.Cluster;

/// <summary>
/// Announces call changes to the other nodes with PostgreSQL NOTIFY. Notices queue here and one loop sends them in
/// batches, so a request never waits for the announcement and a busy node sends one statement for many changes.
/// </summary>
public sealed class PostgresCallBroadcast(PostgresDatabase database, NodeId node, TimeProvider time, ILogger<PostgresCallBroadcast> logger)
    : ICallBroadcast, IHostedService, IDisposable
{
    /// <summary>The NOTIFY channel; per database, so deployments on one PostgreSQL server do not hear each other.</summary>
    public const string Channel = "ringwire_calls";

    private const int MaxBatch = 500;

    // Bounded so that a long database outage cannot grow memory without end; the oldest notices go first, and the
    // listeners re-synchronise after such an outage anyway.
    private readonly Channel<string> _pending = System.Threading.Channels.Channel.CreateBounded<string>(
        new BoundedChannelOptions(100_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    private readonly CancellationTokenSource _stopping = new();
    private Task _sending = Task.CompletedTask;

    public void Announce(Call call, bool includeCallee) => _pending.Writer.TryWrite(CallNotice.Of(node.Value, call, includeCallee).Format());

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sending = Task.Run(SendAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Sends what is queued before the node goes, unless the host's shutdown time runs out first.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        try
        {
            await _sending.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync();
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task SendAsync()
    {
        List<string> batch = [];
        // A batch that failed is sent again before anything newer, even once no more notices can come.
        while (batch.Count > 0 || await _pending.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var notice))
            {
                batch.Add(notice);
            }

            try
            {
                await using var connection = await database.OpenConnectionAsync(_stopping.Token);
                await connection.ExecuteAsync(new CommandDefinition(
                    "SELECT count(pg_notify(@channel, notice)) FROM unnest(@notices) AS notice;",
                    new { channel = Channel, notices = batch.ToArray() },
                    cancellationToken: _stopping.Token));
                batch.Clear();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                ClusterLog.AnnounceFailed(logger, batch.Count, e);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
