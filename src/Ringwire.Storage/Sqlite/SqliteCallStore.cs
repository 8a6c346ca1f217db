using System.Collections.Immutable;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Ringwire.Core;

namespace Ringwire.Storage.Sqlite;

/// <summary>
/// <see cref="ICallStore"/> on SQLite. Every write that is more than one statement runs in an immediate
/// (<c>BEGIN IMMEDIATE</c>) transaction, so concurrent writers queue on the write lock instead of failing with a lock
/// upgrade deadlock; reads of a call and its legs share one snapshot.
/// </summary>
public sealed class SqliteCallStore(SqliteDatabase database) : ICallStore
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

    private readonly SqliteDatabase _database = database;

    public async Task<CallCreation> CreateAsync(Call call, IReadOnlyList<TraceEvent> trace, string? idempotencyKey, TimeSpan idempotencyWindow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(trace);
        await using var writer = await _database.OpenWriterAsync(cancellationToken);
        var connection = writer.Connection;
        await using var transaction = connection.BeginTransaction(deferred: false);

        if (idempotencyKey is not null)
        {
            // The key row is claimed first: a fresh key inserts, a key older than the window is taken over, a key
            // within the window matches no row, and the call it points to is the answer. The window is measured from
            // the new call's CreatedAt, so the store needs no clock.
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
                    call_id = SqliteEncoding.Id(call.CallId),
                    now = SqliteEncoding.Ms(call.CreatedAt),
                    cutoff = SqliteEncoding.Ms(call.CreatedAt - idempotencyWindow),
                },
                transaction,
                cancellationToken: cancellationToken));
            if (claimed == 0)
            {
                var existingId = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                    "SELECT call_id FROM idempotency_keys WHERE caller = @caller AND key = @key;",
                    new { caller = call.From, key = idempotencyKey },
                    transaction,
                    cancellationToken: cancellationToken));
                var existing = await ReadCallAsync(connection, transaction, existingId!, cancellationToken)
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
            var callId = SqliteEncoding.Id(call.CallId);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO legs (call_id, device_id, platform, push, push_error, claimed_at, reported_at)
                VALUES (@call_id, @device_id, @platform, @push, @push_error, @claimed_at, @reported_at);
                """,
                call.Legs.Select(l => new
                {
                    call_id = callId,
                    device_id = l.DeviceId,
                    platform = SqliteEncoding.Text(l.Platform),
                    push = SqliteEncoding.Text(l.Push),
                    push_error = l.PushError,
                    claimed_at = SqliteEncoding.Ms(l.ClaimedAt),
                    reported_at = SqliteEncoding.Ms(l.ReportedAt),
                }),
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
        return await ReadCallAsync(connection, null, SqliteEncoding.Id(callId), cancellationToken);
    }

    public async Task<bool> TryTransitionAsync(Call next, int expectedVersion, TraceEvent trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(trace);
        await using var writer = await _database.OpenWriterAsync(cancellationToken);
        var connection = writer.Connection;
        await using var transaction = connection.BeginTransaction(deferred: false);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE calls
            SET state = @state, version = @version, end_reason = @end_reason, answered_by = @answered_by,
                answered_at = @answered_at, ended_at = @ended_at, ended_by = @ended_by, ended_by_device = @ended_by_device
            WHERE call_id = @call_id AND version = @expected;
            """,
            new
            {
                call_id = SqliteEncoding.Id(next.CallId),
                expected = (long)expectedVersion,
                state = SqliteEncoding.Text(next.State),
                version = (long)next.Version,
                end_reason = SqliteEncoding.Text(next.EndReason),
                answered_by = next.AnsweredBy,
                answered_at = SqliteEncoding.Ms(next.AnsweredAt),
                ended_at = SqliteEncoding.Ms(next.EndedAt),
                ended_by = next.EndedBy,
                ended_by_device = next.EndedByDevice,
            },
            transaction,
            cancellationToken: cancellationToken));
        if (updated != 1)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(InsertTrace, TraceRow.Parameters(next.CallId, trace), transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public Task RecordPushAsync(Guid callId, string deviceId, PushStatus push, string? pushError, TraceEvent trace, CancellationToken cancellationToken) =>
        WriteLegAsync(
            """
            UPDATE legs SET push = @push, push_error = @push_error, push_at = @at
            WHERE call_id = @call_id AND device_id = @device_id;
            """,
            new
            {
                call_id = SqliteEncoding.Id(callId),
                device_id = deviceId,
                push = SqliteEncoding.Text(push),
                push_error = pushError,
                at = SqliteEncoding.Ms(trace.At),
            },
            callId,
            trace,
            cancellationToken);

    public Task RecordClaimAsync(Guid callId, string deviceId, Platform platform, TraceEvent trace, CancellationToken cancellationToken) =>
        // The WHERE on the SELECT also keeps SQLite's parser from reading ON CONFLICT as a join constraint.
        WriteLegAsync(
            """
            INSERT INTO legs (call_id, device_id, platform, push, claimed_at)
            SELECT @call_id, @device_id, @platform, 'none', @at WHERE EXISTS (SELECT 1 FROM calls WHERE call_id = @call_id)
            ON CONFLICT (call_id, device_id) DO UPDATE SET claimed_at = COALESCE(legs.claimed_at, excluded.claimed_at);
            """,
            new
            {
                call_id = SqliteEncoding.Id(callId),
                device_id = deviceId,
                platform = SqliteEncoding.Text(platform),
                at = SqliteEncoding.Ms(trace.At),
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
            new { call_id = SqliteEncoding.Id(callId), device_id = deviceId, at = SqliteEncoding.Ms(trace.At) },
            callId,
            trace,
            cancellationToken);

    public async Task AppendTraceAsync(Guid callId, TraceEvent trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trace);
        await using var writer = await _database.OpenWriterAsync(cancellationToken);
        var connection = writer.Connection;
        await connection.ExecuteAsync(new CommandDefinition(InsertTraceIfCallExists, TraceRow.Parameters(callId, trace), cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<TraceEvent>> GetTraceAsync(Guid callId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TraceRow>(new CommandDefinition(
            $"SELECT {TraceRow.Columns} FROM call_trace WHERE call_id = @call_id ORDER BY id;",
            new { call_id = SqliteEncoding.Id(callId) },
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
                SELECT * FROM (SELECT * FROM calls WHERE from_user = @user ORDER BY created_at DESC, call_id DESC LIMIT @limit)
                UNION ALL
                SELECT * FROM (SELECT * FROM calls WHERE to_user = @user AND from_user <> @user
                               ORDER BY created_at DESC, call_id DESC LIMIT @limit))
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
            new { user = userId, since = SqliteEncoding.Ms(since) },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.DeviceId, r => checked((int)r.Count), StringComparer.Ordinal);
    }

    public async Task<IReadOnlyDictionary<DeviceKey, int>> CountUnclaimedPushesAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string UserId, string DeviceId, long Count)>(new CommandDefinition(
            AllUnclaimedPushesSql,
            new { since = SqliteEncoding.Ms(since) },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => new DeviceKey(r.UserId, r.DeviceId), r => checked((int)r.Count));
    }

    public async Task<int> PurgeEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // Batches keep each write lock short: a purge after a long outage must not stall calls being set up.
        // Legs, traces and idempotency keys go with their call (ON DELETE CASCADE).
        const int batch = 500;
        var total = 0;
        int deleted;
        do
        {
            await using var writer = await _database.OpenWriterAsync(cancellationToken);
            deleted = await writer.Connection.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM calls WHERE call_id IN (
                    SELECT call_id FROM calls
                    WHERE state NOT IN ('ringing', 'answered') AND ended_at < @cutoff
                    LIMIT @batch);
                """,
                new { cutoff = SqliteEncoding.Ms(cutoff), batch = (long)batch },
                cancellationToken: cancellationToken));
            total += deleted;
        }
        while (deleted == batch);

        return total;
    }

    /// <summary>
    /// The operator list's WHERE, written so that each filter walks an index newest first and stops at the limit: SQLite
    /// uses a partial index only for a query that repeats its WHERE term verbatim (calls_ringing, calls_live), and is
    /// told to walk calls_by_created for terminal calls rather than read them all through calls_terminal_by_ended and
    /// sort them.
    /// </summary>
    internal static string OperatorListSql(CallStateFilter filter) =>
        $"SELECT {CallRow.Columns} FROM calls {OperatorListWhere(filter)} ORDER BY created_at DESC, call_id DESC LIMIT @limit;";

    private static string OperatorListWhere(CallStateFilter filter) => filter switch
    {
        CallStateFilter.Live => "WHERE state IN ('ringing', 'answered')",
        CallStateFilter.Ringing => "WHERE state = 'ringing'",
        CallStateFilter.Answered => "WHERE state IN ('ringing', 'answered') AND state = 'answered'",
        CallStateFilter.Ended => "INDEXED BY calls_by_created WHERE state NOT IN ('ringing', 'answered')",
        CallStateFilter.All => "",
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, null),
    };

    private async Task WriteLegAsync(string legSql, object legParameters, Guid callId, TraceEvent trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trace);
        await using var writer = await _database.OpenWriterAsync(cancellationToken);
        var connection = writer.Connection;
        await using var transaction = connection.BeginTransaction(deferred: false);
        await connection.ExecuteAsync(new CommandDefinition(legSql, legParameters, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(InsertTraceIfCallExists, TraceRow.Parameters(callId, trace), transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>One call with its legs (by device id), in one round trip.</summary>
    private static async Task<Call?> ReadCallAsync(SqliteConnection connection, SqliteTransaction? transaction, string callId, CancellationToken cancellationToken)
    {
        // Outside a caller's transaction, a read transaction gives both statements the same snapshot.
        SqliteTransaction? own = transaction is null ? connection.BeginTransaction(deferred: true) : null;
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
        await using var transaction = connection.BeginTransaction(deferred: true);
        var rows = (await connection.QueryAsync<CallRow>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0)
        {
            return [];
        }

        // json_each takes the ids as one parameter, however many there are.
        var legs = await connection.QueryAsync<LegRow>(new CommandDefinition(
            $"""
            SELECT {LegRow.Columns} FROM legs
            WHERE call_id IN (SELECT value FROM json_each(@ids))
            ORDER BY call_id, device_id;
            """,
            new { ids = JsonSerializer.Serialize(rows.Select(r => r.CallId)) },
            transaction,
            cancellationToken: cancellationToken));
        var legsByCall = legs.GroupBy(l => l.CallId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(l => l.ToLeg()).ToImmutableArray(), StringComparer.Ordinal);
        return [.. rows.Select(r => r.ToCall(legsByCall.GetValueOrDefault(r.CallId, [])))];
    }
}
