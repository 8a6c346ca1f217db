using System.Collections.Immutable;
using System.Data;
using Dapper;
using Npgsql;
using Ringwire.Core;

namespace Ringwire.Storage.Postgres;

/// <summary>
/// <see cref="ICallStore"/> on PostgreSQL, with the SQLite store's semantics. Transactions run at READ COMMITTED, so
/// nothing here relies on a single writer: a transition is one conditional UPDATE (a racing writer waits on the row
/// and then finds the version moved), and two creates with one idempotency key meet on the key's primary key. Reads
/// of a call and its legs share one REPEATABLE READ snapshot. It also serves nodes that share the database: the
/// deadline sweep and the calls a node re-sends after its listener dropped.
/// </summary>
public sealed class PostgresCallStore(PostgresDatabase database) : ICallStore, ICallSweepStore, IRecentCallsStore
{
    private const string InsertTrace = """
        INSERT INTO call_trace (call_id, at, type, device_id, detail) VALUES (@call_id, @at, @type, @device_id, @detail);
        """;

    /// <summary>
    /// Read from the partial index legs_unclaimed_by_push_at, which holds exactly these legs (its WHERE is repeated
    /// verbatim, as SQLite's planner requires).
    /// </summary>
    internal const string AllUnclaimedPushesSql = """
        SELECT c.to_user, l.device_id, COUNT(*)
        FROM legs l JOIN calls c ON c.call_id = l.call_id
        WHERE l.push = 'sent' AND l.claimed_at IS NULL AND l.reported_at IS NULL AND l.push_at >= @since
        GROUP BY c.to_user, l.device_id;
        """;

    // Facts arriving late (a push outcome, a claim) for a call that is gone are dropped rather than failing the
    // caller, who could do nothing about it.
    private const string InsertTraceIfCallExists = """
        INSERT INTO call_trace (call_id, at, type, device_id, detail)
        SELECT @call_id, @at, @type, @device_id, @detail WHERE EXISTS (SELECT 1 FROM calls WHERE call_id = @call_id);
        """;

    // One statement, so one atomic step without a transaction of our own. A racing writer blocks on the row lock;
    // once the winner commits, PostgreSQL re-checks the WHERE on the new row version, the version no longer matches,
    // and the loser updates (and traces) nothing.
    private const string Transition = """
        WITH moved AS (
            UPDATE calls
            SET state = @state, version = @version, end_reason = @end_reason, answered_by = @answered_by,
                answered_at = @answered_at, ended_at = @ended_at, ended_by = @ended_by, ended_by_device = @ended_by_device
            WHERE call_id = @call_id AND version = @expected
            RETURNING call_id)
        INSERT INTO call_trace (call_id, at, type, device_id, detail)
        SELECT call_id, @at, @type, @device_id, @detail FROM moved;
        """;

    private readonly PostgresDatabase _database = database;

    public async Task<CallCreation> CreateAsync(Call call, IReadOnlyList<TraceEvent> trace, string? idempotencyKey, TimeSpan idempotencyWindow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(trace);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        if (idempotencyKey is not null)
        {
            // The key row is claimed first: a fresh key inserts, a key older than the window is taken over, a key
            // within the window matches no row, and the call it points to is the answer. A second create with the
            // same key waits here on the first one's uncommitted row; once that commits, it sees the key (and the
            // call, committed in the same transaction) and returns it. The window is measured from the new call's
            // CreatedAt, so the store needs no clock.
            var claimed = await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO idempotency_keys (caller, key, call_id, created_at) VALUES (@caller, @key, @call_id, @now)
                ON CONFLICT (caller, key) DO UPDATE SET call_id = excluded.call_id, created_at = excluded.created_at
                WHERE idempotency_keys.created_at < @cutoff;
                """,
                new
                {
                    caller = call.From,
                    key = idempotencyKey,
                    call_id = call.CallId,
                    now = PostgresEncoding.Time(call.CreatedAt),
                    cutoff = PostgresEncoding.Time(call.CreatedAt - idempotencyWindow),
                },
                transaction,
                cancellationToken: cancellationToken));
            if (claimed == 0)
            {
                var existingId = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
                    "SELECT call_id FROM idempotency_keys WHERE caller = @caller AND key = @key;",
                    new { caller = call.From, key = idempotencyKey },
                    transaction,
                    cancellationToken: cancellationToken));
                var existing = await ReadCallAsync(connection, transaction, existingId, cancellationToken)
                    ?? throw new InvalidOperationException($"Idempotency key '{idempotencyKey}' points to a missing call {existingId}.");
                return new CallCreation(existing, Created: false);
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO calls (call_id, from_user, to_user, caller_name, caller_handle, handle_type, video, state, version,
                end_reason, answered_by, ended_by, ended_by_device, created_at, ring_until, claim_until, answered_at,
                ended_at, metadata)
            VALUES (@call_id, @from_user, @to_user, @caller_name, @caller_handle, @handle_type, @video, @state, @version,
                @end_reason, @answered_by, @ended_by, @ended_by_device, @created_at, @ring_until, @claim_until, @answered_at,
                @ended_at, @metadata);
            """,
            CallRow.Parameters(call),
            transaction,
            cancellationToken: cancellationToken));

        if (call.Legs.Length > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO legs (call_id, device_id, platform, push, push_error, claimed_at, reported_at)
                VALUES (@call_id, @device_id, @platform, @push, @push_error, @claimed_at, @reported_at);
                """,
                call.Legs.Select(l => LegRow.Parameters(call.CallId, l)),
                transaction,
                cancellationToken: cancellationToken));
        }

        if (trace.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                InsertTrace,
                trace.Select(t => TraceRow.Parameters(call.CallId, t)),
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return new CallCreation(call, Created: true);
    }

    public async Task<Call?> GetAsync(Guid callId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await ReadCallAsync(connection, null, callId, cancellationToken);
    }

    public async Task<bool> TryTransitionAsync(Call next, int expectedVersion, TraceEvent trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(trace);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var traced = await connection.ExecuteAsync(new CommandDefinition(Transition, TransitionParameters(next, expectedVersion, trace),
            cancellationToken: cancellationToken));
        return traced == 1;
    }

    public Task RecordPushAsync(Guid callId, string deviceId, PushStatus push, string? pushError, TraceEvent trace, CancellationToken cancellationToken) =>
        WriteLegAsync(
            """
            UPDATE legs SET push = @push, push_error = @push_error, push_at = @at
            WHERE call_id = @call_id AND device_id = @device_id;
            """,
            new
            {
                call_id = callId,
                device_id = deviceId,
                push = StoredNames.Text(push),
                push_error = pushError,
                at = PostgresEncoding.Time(trace.At),
            },
            callId,
            trace,
            cancellationToken);

    public Task RecordClaimAsync(Guid callId, string deviceId, Platform platform, TraceEvent trace, CancellationToken cancellationToken) =>
        WriteLegAsync(
            """
            INSERT INTO legs (call_id, device_id, platform, push, claimed_at)
            SELECT @call_id, @device_id, @platform, 'none', @at WHERE EXISTS (SELECT 1 FROM calls WHERE call_id = @call_id)
            ON CONFLICT (call_id, device_id) DO UPDATE SET claimed_at = COALESCE(legs.claimed_at, excluded.claimed_at);
            """,
            new
            {
                call_id = callId,
                device_id = deviceId,
                platform = StoredNames.Text(platform),
                at = PostgresEncoding.Time(trace.At),
            },
            callId,
            trace,
            cancellationToken);

    public Task RecordReportedAsync(Guid callId, string deviceId, TraceEvent trace, CancellationToken cancellationToken) =>
        WriteLegAsync(
            """
            UPDATE legs SET reported_at = COALESCE(reported_at, @at)
            WHERE call_id = @call_id AND device_id = @device_id;
            """,
            new { call_id = callId, device_id = deviceId, at = PostgresEncoding.Time(trace.At) },
            callId,
            trace,
            cancellationToken);

    public async Task AppendTraceAsync(Guid callId, TraceEvent trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trace);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertTraceIfCallExists, TraceRow.Parameters(callId, trace), cancellationToken: cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // The call was purged between the EXISTS check and the foreign key's: as gone as if it had been first.
        }
    }

    public async Task<IReadOnlyList<TraceEvent>> GetTraceAsync(Guid callId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TraceRow>(new CommandDefinition(
            $"SELECT {TraceRow.Columns} FROM call_trace WHERE call_id = @call_id ORDER BY id;",
            new { call_id = callId },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEvent())];
    }

    public Task<IReadOnlyList<Call>> ListForUserAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        // Each side walks its own index and stops at the limit; the merge sorts at most twice the limit.
        return ReadCallsAsync(
            $"""
            SELECT {CallRow.Columns} FROM (
                (SELECT * FROM calls WHERE from_user = @user ORDER BY created_at DESC, call_id DESC LIMIT @limit)
                UNION ALL
                (SELECT * FROM calls WHERE to_user = @user AND from_user <> @user
                 ORDER BY created_at DESC, call_id DESC LIMIT @limit)) AS mine
            ORDER BY created_at DESC, call_id DESC
            LIMIT @limit;
            """,
            new { user = userId, limit = (long)limit },
            cancellationToken);
    }

    public Task<IReadOnlyList<Call>> ListAsync(CallStateFilter filter, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadCallsAsync(
            OperatorListSql(filter),
            new { limit = (long)limit },
            cancellationToken);
    }

    public Task<IReadOnlyList<Call>> ListRingingForCalleeAsync(string calleeId, CancellationToken cancellationToken) =>
        ReadCallsAsync(
            $"SELECT {CallRow.Columns} FROM calls WHERE state = 'ringing' AND to_user = @callee ORDER BY created_at, call_id;",
            new { callee = calleeId },
            cancellationToken);

    public Task<IReadOnlyList<Call>> ListRingingAsync(CancellationToken cancellationToken) =>
        ReadCallsAsync(
            $"SELECT {CallRow.Columns} FROM calls WHERE state = 'ringing' ORDER BY created_at, call_id;",
            null,
            cancellationToken);

    public async Task<bool> IsInAnsweredCallAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT EXISTS (SELECT 1 FROM calls WHERE state = 'answered' AND from_user = @user)
                OR EXISTS (SELECT 1 FROM calls WHERE state = 'answered' AND to_user = @user);
            """,
            new { user = userId },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyDictionary<string, int>> CountUnclaimedPushesAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string DeviceId, long Count)>(new CommandDefinition(
            """
            SELECT l.device_id, COUNT(*)
            FROM calls c JOIN legs l ON l.call_id = c.call_id
            WHERE c.to_user = @user AND l.push = 'sent' AND l.push_at >= @since
              AND l.claimed_at IS NULL AND l.reported_at IS NULL
            GROUP BY l.device_id;
            """,
            new { user = userId, since = PostgresEncoding.Time(since) },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.DeviceId, r => checked((int)r.Count), StringComparer.Ordinal);
    }

    public async Task<IReadOnlyDictionary<DeviceKey, int>> CountUnclaimedPushesAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string UserId, string DeviceId, long Count)>(new CommandDefinition(
            AllUnclaimedPushesSql,
            new { since = PostgresEncoding.Time(since) },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => new DeviceKey(r.UserId, r.DeviceId), r => checked((int)r.Count));
    }

    public async Task<int> PurgeEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // Batches keep each transaction short: a purge after a long outage must not hold locks for long. SKIP LOCKED
        // lets two nodes purge at once without queueing on each other's batch. Legs, traces and idempotency keys go
        // with their call (ON DELETE CASCADE).
        const int batch = 500;
        var total = 0;
        int deleted;
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        do
        {
            deleted = await connection.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM calls WHERE call_id IN (
                    SELECT call_id FROM calls
                    WHERE state NOT IN ('ringing', 'answered') AND ended_at < @cutoff
                    LIMIT @batch
                    FOR UPDATE SKIP LOCKED);
                """,
                new { cutoff = PostgresEncoding.Time(cutoff), batch = (long)batch },
                cancellationToken: cancellationToken));
            total += deleted;
        }
        while (deleted == batch);

        return total;
    }

    public async Task<IReadOnlyList<Call>> SweepOverdueAsync(DateTimeOffset dueBefore, DateTimeOffset now, int limit, Func<Call, SweptTransition?> decide,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The row locks are held until commit: another sweeper skips these calls (and takes others), and a device's
        // answer racing the sweep waits, then finds the version moved and re-decides on the call as swept. A row
        // changed since this statement's snapshot is re-checked on its newest version, so a call answered meanwhile
        // is not taken. Presence is checked here too, so the sweep does not lock, read and drop, every second, the
        // calls whose callee is connected past the claim deadline.
        var ids = (await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            SELECT c.call_id FROM calls c
            WHERE c.state = 'ringing'
              AND (c.ring_until <= @due
                   OR (c.claim_until <= @due
                       AND NOT EXISTS (SELECT 1 FROM legs l WHERE l.call_id = c.call_id AND l.claimed_at IS NOT NULL)
                       AND NOT EXISTS (SELECT 1 FROM device_presence p WHERE p.user_id = c.to_user AND p.expires_at > @now)))
            ORDER BY c.created_at, c.call_id
            LIMIT @limit
            FOR UPDATE OF c SKIP LOCKED;
            """,
            new { due = PostgresEncoding.Time(dueBefore), now = PostgresEncoding.Time(now), limit = (long)limit },
            transaction,
            cancellationToken: cancellationToken))).AsList();
        if (ids.Count == 0)
        {
            return [];
        }

        var overdue = await ReadCallsAsync(connection, transaction,
            $"SELECT {CallRow.Columns} FROM calls WHERE call_id = ANY(@ids) ORDER BY created_at, call_id;", new { ids = ids.ToArray() },
            cancellationToken);
        List<Call> written = [];
        foreach (var call in overdue)
        {
            if (decide(call) is not { } change)
            {
                continue;
            }

            var traced = await connection.ExecuteAsync(new CommandDefinition(Transition, TransitionParameters(change.Next, call.Version, change.Trace),
                transaction, cancellationToken: cancellationToken));
            if (traced == 1)
            {
                written.Add(change.Next);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    public async Task<IReadOnlyList<Call>> ListRecentAsync(IReadOnlyCollection<string> userIds, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0)
        {
            return [];
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        // Each branch has an index: ringing calls by callee, every call by caller and by callee from a creation time,
        // ended calls by end time, answered calls by party. The window is short (an outage of the listener), so the
        // time-ordered branches read little.
        return await ReadCallsAsync(connection, transaction,
            $"""
            SELECT {CallRow.Columns} FROM calls WHERE call_id IN (
                SELECT call_id FROM calls WHERE state = 'ringing' AND to_user = ANY(@users)
                UNION SELECT call_id FROM calls WHERE from_user = ANY(@users) AND created_at >= @since
                UNION SELECT call_id FROM calls WHERE to_user = ANY(@users) AND created_at >= @since
                UNION SELECT call_id FROM calls WHERE state NOT IN ('ringing', 'answered') AND ended_at >= @since
                                                  AND (from_user = ANY(@users) OR to_user = ANY(@users))
                UNION SELECT call_id FROM calls WHERE state = 'answered' AND from_user = ANY(@users) AND answered_at >= @since
                UNION SELECT call_id FROM calls WHERE state = 'answered' AND to_user = ANY(@users) AND answered_at >= @since)
            ORDER BY created_at, call_id;
            """,
            new { users = userIds.ToArray(), since = PostgresEncoding.Time(since) },
            cancellationToken);
    }

    /// <summary>
    /// The operator list's WHERE: each filter walks an index newest first and stops at the limit (calls_ringing and
    /// calls_live for the few live calls, calls_by_created for the many terminal ones). The same text as on SQLite.
    /// </summary>
    internal static string OperatorListSql(CallStateFilter filter) =>
        $"SELECT {CallRow.Columns} FROM calls {OperatorListWhere(filter)} ORDER BY created_at DESC, call_id DESC LIMIT @limit;";

    private static string OperatorListWhere(CallStateFilter filter) => filter switch
    {
        CallStateFilter.Live => "WHERE state IN ('ringing', 'answered')",
        CallStateFilter.Ringing => "WHERE state = 'ringing'",
        CallStateFilter.Answered => "WHERE state IN ('ringing', 'answered') AND state = 'answered'",
        CallStateFilter.Ended => "WHERE state NOT IN ('ringing', 'answered')",
        CallStateFilter.All => "",
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, null),
    };

    private async Task WriteLegAsync(string legSql, object legParameters, Guid callId, TraceEvent trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trace);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(legSql, legParameters, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(InsertTraceIfCallExists, TraceRow.Parameters(callId, trace), transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // The call was purged between the EXISTS check and the foreign key's: drop the fact, as for a call that
            // was already gone. Disposing the transaction rolls back the leg write too.
            return;
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>One call with its legs (by device id), both read from one snapshot in one command.</summary>
    private static async Task<Call?> ReadCallAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid callId, CancellationToken cancellationToken)
    {
        // READ COMMITTED takes a snapshot per statement; outside a caller's transaction, a REPEATABLE READ one gives
        // both statements the same snapshot, so the legs belong to the call as read.
        var own = transaction is null ? await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken) : null;
        try
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
                $"""
                SELECT {CallRow.Columns} FROM calls WHERE call_id = @call_id;
                SELECT {LegRow.Columns} FROM legs WHERE call_id = @call_id ORDER BY device_id;
                """,
                new { call_id = callId },
                transaction ?? own,
                cancellationToken: cancellationToken));
            var row = await results.ReadSingleOrDefaultAsync<CallRow>();
            var legs = await results.ReadAsync<LegRow>();
            return row?.ToCall([.. legs.Select(l => l.ToLeg())]);
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>The calls <paramref name="sql"/> selects, in its order, each with its legs (by device id).</summary>
    private async Task<IReadOnlyList<Call>> ReadCallsAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        return await ReadCallsAsync(connection, transaction, sql, parameters, cancellationToken);
    }

    /// <summary>The same, inside the caller's transaction.</summary>
    private static async Task<IReadOnlyList<Call>> ReadCallsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object? parameters,
        CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<CallRow>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0)
        {
            return [];
        }

        // One array parameter, however many calls there are.
        var legs = await connection.QueryAsync<LegRow>(new CommandDefinition(
            $"""
            SELECT {LegRow.Columns} FROM legs
            WHERE call_id = ANY(@ids)
            ORDER BY call_id, device_id;
            """,
            new { ids = rows.Select(r => r.CallId).ToArray() },
            transaction,
            cancellationToken: cancellationToken));
        var legsByCall = legs.GroupBy(l => l.CallId)
            .ToDictionary(g => g.Key, g => g.Select(l => l.ToLeg()).ToImmutableArray());
        return [.. rows.Select(r => r.ToCall(legsByCall.GetValueOrDefault(r.CallId, [])))];
    }

    private static object TransitionParameters(Call next, int expectedVersion, TraceEvent trace) => new
    {
        call_id = next.CallId,
        expected = expectedVersion,
        state = StoredNames.Text(next.State),
        version = next.Version,
        end_reason = StoredNames.Text(next.EndReason),
        answered_by = next.AnsweredBy,
        answered_at = PostgresEncoding.Time(next.AnsweredAt),
        ended_at = PostgresEncoding.Time(next.EndedAt),
        ended_by = next.EndedBy,
        ended_by_device = next.EndedByDevice,
        at = PostgresEncoding.Time(trace.At),
        type = trace.Type,
        device_id = trace.DeviceId,
        detail = trace.Detail,
    };
}
