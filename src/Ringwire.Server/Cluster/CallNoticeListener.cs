using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using Ringwire.Server.Calls;
using Ringwire.Server.Channel;
using Ringwire.Server.Logging;
using Ringwire.Server.Options;
using Ringwire.Storage;
using Ringwire.Storage.Postgres;

namespace Ringwire.Server.Cluster;

/// <summary>
/// Hears the other nodes' call changes (LISTEN on one connection of its own) and tells the devices connected here:
/// for each notice about a party with a device here, it reads the call by id and delivers it. When the connection
/// breaks it listens again with backoff, then re-sends to the devices here every call they may have missed meanwhile.
/// Duplicates and stale reads are harmless: a device connection passes on only versions newer than it was told.
/// </summary>
internal sealed class CallNoticeListener(
    PostgresDatabase database,
    ICallStore calls,
    IRecentCallsStore recent,
    CallEvents events,
    DeviceConnections connections,
    NodeId node,
    IOptions<RingwireOptions> options,
    TimeProvider time,
    ILogger<CallNoticeListener> logger) : BackgroundService
{
    /// <summary>Keepalive on the listening connection: a connection that died silently fails within about this.</summary>
    private const int KeepAliveSeconds = 10;

    /// <summary>
    /// How far before the moment the loss was noticed the re-sync looks: the connection may have been dead for the
    /// keepalive time before that, and other nodes' clocks (which stamp the changes) may be a little behind ours.
    /// </summary>
    private static readonly TimeSpan ResyncMargin = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);

    private const int ParallelReads = 8;

    // Completed while this node listens; replaced when it stops. Tests wait on it rather than on a log line.
    private volatile TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly Channel<CallNotice> _wanted = System.Threading.Channels.Channel.CreateUnbounded<CallNotice>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The application name of the listening session in <c>pg_stat_activity</c>.</summary>
    public string SessionName => $"ringwire-listen-{node.Value}";

    /// <summary>Completes once this node listens (again) and has re-sent what its devices may have missed.</summary>
    internal Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delivering = DeliverAsync(stoppingToken);
        try
        {
            await ListenAsync(stoppingToken);
        }
        finally
        {
            _wanted.Writer.TryComplete();
            await delivering;
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        // Until the first LISTEN, this node may have missed changes since it started.
        var missedSince = time.GetUtcNow();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var listening = false;
            try
            {
                await using var connection = await database.OpenDedicatedConnectionAsync(SessionName, KeepAliveSeconds, stoppingToken);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresCallBroadcast.Channel};", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Listening first, re-sending second: a change in between is both heard and re-sent, never neither.
                await ResyncAsync(missedSince - ResyncMargin, stoppingToken);
                listening = true;
                failures = 0;
                ClusterLog.Listening(logger, node.Value);
                _listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (listening)
                {
                    missedSince = time.GetUtcNow();
                    _listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                var delay = RetryDelay(failures++);
                ClusterLog.ListenerLost(logger, node.Value, delay.TotalMilliseconds, e);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Doubling from <see cref="FirstRetry"/> up to the configured maximum, with jitter so nodes do not retry in step.</summary>
    private TimeSpan RetryDelay(int failures)
    {
        var max = TimeSpan.FromSeconds(options.Value.Cluster.ListenRetryMaxSeconds);
        var delay = FirstRetry * Math.Pow(2, Math.Min(failures, 20));
        return (delay < max ? delay : max) * (0.8 + (0.4 * Random.Shared.NextDouble()));
    }

    /// <summary>On the listening connection's thread: only sorts out the notices worth a read.</summary>
    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        // Our own changes reached our devices already; a notice about parties with no device here needs no read.
        if (CallNotice.Parse(e.Payload) is { } notice && notice.NodeId != node.Value
            && (connections.IsConnected(notice.From) || (notice.IncludeCallee && connections.IsConnected(notice.To))))
        {
            _wanted.Writer.TryWrite(notice);
        }
    }

    /// <summary>Reads and delivers the wanted calls, a few at a time; several notices for one call waiting together cost one read.</summary>
    private async Task DeliverAsync(CancellationToken stoppingToken)
    {
        Dictionary<Guid, CallNotice> batch = [];
        while (await _wanted.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < 1000 && _wanted.Reader.TryRead(out var notice))
            {
                batch[notice.CallId] = notice;
            }

            await Parallel.ForEachAsync(batch.Values, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads }, async (notice, _) =>
            {
                try
                {
                    if (await calls.GetAsync(notice.CallId, stoppingToken) is { } call)
                    {
                        events.Deliver(call, notice.IncludeCallee);
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    ClusterLog.NoticeReadFailed(logger, notice.CallId, e);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: the devices here are being disconnected anyway.
                }
            });
        }
    }

    /// <summary>Re-sends to the devices here every call of their users that is ringing or changed since <paramref name="since"/>.</summary>
    private async Task ResyncAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var users = connections.Users();
        if (users.Count == 0)
        {
            return;
        }

        var missed = await recent.ListRecentAsync(users, since, cancellationToken);
        foreach (var call in missed)
        {
            events.Deliver(call, CallEvents.MayTellCallee(call));
        }

        ClusterLog.Resynchronised(logger, missed.Count, users.Count, since);
    }
}
