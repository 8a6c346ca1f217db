using Ringwire.Core;
using Ringwire.Push;
using Ringwire.Server.Logging;
using Ringwire.Server.Observability;
using Ringwire.Storage;

namespace Ringwire.Server.Calls;

/// <summary>
/// Wakes a call's devices: one push per leg, all in parallel, each outcome written to the leg and the trace. This is
/// the only place a wake-up push is sent, once per leg, so a device never gets a second VoIP push for a call; a push
/// is tried again only when the service refused it (see <see cref="PushRetryBudget"/>).
/// </summary>
public sealed class Ringer(
    IPushSender sender,
    ICallStore calls,
    IDeviceStore devices,
    ConnectUrl connectUrl,
    PushRetryBudget retryBudget,
    PushMetrics metrics,
    PushOutcomeHistory history,
    PushServiceHealth health,
    GhostRingGuards guards,
    TimeProvider time,
    ILogger<Ringer> logger)
{
    /// <param name="ringing">Cancelled when the call stops ringing: no push starts after that (contract §5, §7).</param>
    public async Task<RingOutcome> RingAsync(Call call, IReadOnlyList<Device> calleeDevices, CancellationToken ringing)
    {
        var byId = calleeDevices.ToDictionary(d => d.DeviceId, StringComparer.Ordinal);
        var pushes = call.Legs
            .Where(l => l.Push == PushStatus.Pending && byId.ContainsKey(l.DeviceId))
            .Select(l => WakeAsync(call, byId[l.DeviceId], ringing))
            .ToArray();
        var mayHaveArrived = await Task.WhenAll(pushes);
        return new RingOutcome(pushes.Length, mayHaveArrived.Count(d => d));
    }

    /// <summary>One regular alert to each callee device with an alert token, after a call ended unanswered.</summary>
    public async Task SendMissedCallAlertsAsync(Call call, CancellationToken cancellationToken)
    {
        var legIds = call.Legs.Select(l => l.DeviceId).ToHashSet(StringComparer.Ordinal);
        var targets = (await devices.ListAsync(call.To, cancellationToken))
            .Where(d => d.Platform == Platform.Ios && d.AlertToken is not null && legIds.Contains(d.DeviceId))
            .ToArray();
        if (targets.Length == 0)
        {
            return;
        }

        var payload = PushPayloads.MissedCallAlert(call);
        await Task.WhenAll(targets.Select(async device =>
        {
            var message = new PushMessage(PushKind.MissedCallAlert, call.CallId, device.UserId, device.DeviceId,
                device.AlertToken!, device.ApnsEnvironment, device.BundleId, payload);
            var sentAt = time.GetUtcNow();
            var outcome = await SendAsync(message, cancellationToken);
            var type = outcome.Result == PushResult.Delivered ? TraceEventType.AlertSent : TraceEventType.AlertFailed;
            await calls.AppendTraceAsync(call.CallId, new TraceEvent(time.GetUtcNow(), type, device.DeviceId,
                Detail(outcome, time.GetUtcNow() - sentAt, attempts: 1)), cancellationToken);
        }));
    }

    /// <summary>Pushes to one device, retrying refusals within the budget; true when the push may have arrived.</summary>
    private async Task<bool> WakeAsync(Call call, Device device, CancellationToken ringing)
    {
        var firstSentAt = time.GetUtcNow();
        var kind = device.Platform == Platform.Android ? PushKind.AndroidIncoming : PushKind.Voip;
        PushOutcome outcome = default;
        TimeSpan latency = default;
        var attempts = 0;
        while (true)
        {
            if (ringing.IsCancellationRequested)
            {
                guards.Tripped(attempts == 0 ? GhostRingGuard.PushAfterEnd : GhostRingGuard.RetryAfterEnd);
                break;
            }

            attempts++;
            var sentAt = time.GetUtcNow();
            var message = new PushMessage(kind, call.CallId, device.UserId, device.DeviceId, device.WakeToken!,
                device.ApnsEnvironment, device.BundleId, PushPayloads.Voip(call, sentAt, connectUrl.Value));
            // Not cancelled by the call's end: a push already on the wire cannot be taken back, and its answer matters.
            outcome = await SendAsync(message, CancellationToken.None);
            latency = time.GetUtcNow() - sentAt;
            if (outcome.Result == PushResult.Unconfirmed)
            {
                guards.Tripped(GhostRingGuard.UnconfirmedNotRetried);
            }

            if (outcome.Result != PushResult.Retryable)
            {
                break;
            }

            if (retryBudget.NextDelay(attempts, time.GetUtcNow(), call.RingUntil) is not { } delay)
            {
                guards.Tripped(GhostRingGuard.RetryNearRingUntil);
                break;
            }

            if (!await WaitAsync(message, outcome, attempts, delay, ringing))
            {
                guards.Tripped(GhostRingGuard.RetryAfterEnd);
                break;
            }
        }

        if (attempts == 0)
        {
            return false;
        }

        var delivered = outcome.Result == PushResult.Delivered;
        await calls.RecordPushAsync(call.CallId, device.DeviceId, delivered ? PushStatus.Sent : PushStatus.Failed,
            delivered ? null : outcome.Reason ?? outcome.Result.ToString(),
            new TraceEvent(firstSentAt, delivered ? TraceEventType.PushSent : TraceEventType.PushFailed, device.DeviceId, Detail(outcome, latency, attempts)),
            CancellationToken.None);
        return delivered || outcome.Result == PushResult.Unconfirmed;
    }

    /// <summary>Traces a refused push and waits before the next attempt; false when the call stopped ringing meanwhile.</summary>
    private async Task<bool> WaitAsync(PushMessage refused, PushOutcome outcome, int attempts, TimeSpan delay, CancellationToken ringing)
    {
        PushLog.PushRetrying(logger, refused.Kind, refused.CallId, refused.DeviceId, outcome.Reason, attempts + 1, delay.TotalMilliseconds);
        await calls.AppendTraceAsync(refused.CallId, new TraceEvent(time.GetUtcNow(), TraceEventType.PushRetrying, refused.DeviceId,
            TraceDetail.Of(("status", outcome.Status), ("reason", outcome.Reason), ("attempt", attempts), ("delayMs", Math.Round(delay.TotalMilliseconds)))),
            CancellationToken.None);
        try
        {
            await Task.Delay(delay, time, ringing);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<PushOutcome> SendAsync(PushMessage message, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        PushOutcome outcome;
        try
        {
            outcome = await sender.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            PushLog.PushSenderThrew(logger, message.CallId, e);
            outcome = new PushOutcome(PushResult.Unconfirmed, e.GetType().Name);
        }

        metrics.Record(message.Kind, outcome, time.GetElapsedTime(started));
        history.Record(outcome.Result);
        health.Record(message.Kind, outcome, time.GetUtcNow());
        PushLog.PushSent(logger, message.Kind, message.CallId, message.DeviceId, LogTokens.Redact(message.Token), outcome.Result, outcome.Reason);
        switch (outcome.Result)
        {
            case PushResult.ConfigurationError:
                PushLog.PushConfigurationError(logger, message.Kind, message.CallId, outcome.Reason);
                break;
            case PushResult.TokenDead:
                if (await devices.ForgetTokenAsync(message.UserId, message.DeviceId, message.Token, outcome.TokenInvalidSince, CancellationToken.None))
                {
                    PushLog.PushTokenForgotten(logger, message.UserId, message.DeviceId, LogTokens.Redact(message.Token), outcome.Reason);
                }

                break;
        }

        return outcome;
    }

    private static string Detail(PushOutcome outcome, TimeSpan latency, int attempts) => TraceDetail.Of(
        ("result", System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(outcome.Result.ToString())),
        ("status", outcome.Status),
        ("reason", outcome.Reason),
        ("latencyMs", Math.Round(latency.TotalMilliseconds, 1)),
        ("attempts", attempts > 1 ? attempts : null));
}
