using Ringwire.Core;
using Ringwire.Push;
using Ringwire.Server.Logging;
using Ringwire.Storage;

namespace Ringwire.Server.Calls;

/// <summary>
/// Wakes a call's devices: one push per leg, all in parallel, each outcome written to the leg and the trace. This is
/// the only place a wake-up push is sent, once per leg, so a device never gets a second VoIP push for a call.
/// </summary>
public sealed class Ringer(IPushSender sender, ICallStore calls, IDeviceStore devices, ConnectUrl connectUrl, TimeProvider time, ILogger<Ringer> logger)
{
    /// <param name="stillRinging">Checked before each push: no VoIP push once a call is over (contract §5).</param>
    public async Task<RingOutcome> RingAsync(Call call, IReadOnlyList<Device> calleeDevices, Func<bool> stillRinging, CancellationToken cancellationToken)
    {
        var byId = calleeDevices.ToDictionary(d => d.DeviceId, StringComparer.Ordinal);
        var pushes = call.Legs
            .Where(l => l.Push == PushStatus.Pending && byId.ContainsKey(l.DeviceId))
            .Select(l => WakeAsync(call, byId[l.DeviceId], stillRinging, cancellationToken))
            .ToArray();
        var delivered = await Task.WhenAll(pushes);
        return new RingOutcome(pushes.Length, delivered.Count(d => d));
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
            var outcome = await SendAsync(message, cancellationToken);
            var type = outcome.Result == PushResult.Delivered ? TraceEventType.AlertSent : TraceEventType.AlertFailed;
            await calls.AppendTraceAsync(call.CallId, new TraceEvent(time.GetUtcNow(), type, device.DeviceId, Detail(outcome, null)), cancellationToken);
        }));
    }

    private async Task<bool> WakeAsync(Call call, Device device, Func<bool> stillRinging, CancellationToken cancellationToken)
    {
        if (!stillRinging())
        {
            return false;
        }

        var sentAt = time.GetUtcNow();
        var kind = device.Platform == Platform.Android ? PushKind.AndroidIncoming : PushKind.Voip;
        var message = new PushMessage(kind, call.CallId, device.UserId, device.DeviceId, device.WakeToken!,
            device.ApnsEnvironment, device.BundleId, PushPayloads.Voip(call, sentAt, connectUrl.Value));
        var outcome = await SendAsync(message, cancellationToken);
        var delivered = outcome.Result == PushResult.Delivered;
        var latency = time.GetUtcNow() - sentAt;
        await calls.RecordPushAsync(call.CallId, device.DeviceId, delivered ? PushStatus.Sent : PushStatus.Failed,
            delivered ? null : outcome.Reason ?? outcome.Result.ToString(),
            new TraceEvent(sentAt, delivered ? TraceEventType.PushSent : TraceEventType.PushFailed, device.DeviceId, Detail(outcome, latency)),
            cancellationToken);
        return delivered;
    }

    private async Task<PushOutcome> SendAsync(PushMessage message, CancellationToken cancellationToken)
    {
        PushOutcome outcome;
        try
        {
            outcome = await sender.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            PushLog.PushSenderThrew(logger, message.CallId, e);
            outcome = new PushOutcome(PushResult.Retryable, e.GetType().Name);
        }

        PushLog.PushSent(logger, message.Kind, message.CallId, message.DeviceId, LogTokens.Redact(message.Token), outcome.Result, outcome.Reason);
        if (outcome.Result == PushResult.ConfigurationError)
        {
            PushLog.PushConfigurationError(logger, message.Kind, message.CallId, outcome.Reason);
        }

        return outcome;
    }

    private static string Detail(PushOutcome outcome, TimeSpan? latency) => TraceDetail.Of(
        ("result", System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(outcome.Result.ToString())),
        ("status", outcome.Status),
        ("reason", outcome.Reason),
        ("latencyMs", latency is { } l ? Math.Round(l.TotalMilliseconds, 1) : null));
}
