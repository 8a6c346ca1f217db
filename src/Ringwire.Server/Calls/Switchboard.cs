using Ringwire.Core;
using Ringwire.Server.Auth;
using Ringwire.Server.Channel;
using Ringwire.Server.Cluster;
using Ringwire.Server.Logging;
using Ringwire.Server.Observability;
using Ringwire.Storage;

namespace Ringwire.Server.Calls;

/// <summary>
/// Places calls and carries out every change to them: decides with <see cref="CallMachine"/>, writes with a
/// conditional store write, then tells the devices, arms or disarms the call's timer, and sends missed-call alerts.
/// </summary>
public sealed class Switchboard(
    ICallStore calls,
    IDeviceStore devices,
    IUserStore users,
    IDevicePresence presence,
    DeviceConnections connections,
    CallDeadlines deadlines,
    CallEvents events,
    Ringer ringer,
    RingingCalls ringing,
    RingingRules rules,
    CallMetrics metrics,
    GhostRingGuards guards,
    TimeProvider time,
    ILogger<Switchboard> logger)
{
    /// <summary>The same Idempotency-Key from the same caller within this window returns the same call (contract §5).</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    public RingingRules Rules => rules;

    public async Task<CallCreation> PlaceAsync(CallRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var calleeDevices = await devices.ListAsync(request.To, cancellationToken);
        var permission = await users.GetCallPermissionAsync(request.To, request.From, cancellationToken);
        var now = time.GetUtcNow();
        var busy = rules.BusyPolicy == BusyPolicy.Reject && await calls.IsInAnsweredCallAsync(request.To, cancellationToken);
        // Whether a device is connected only matters when no device can be woken by a push; on several nodes it costs a
        // round trip, so it is asked only then.
        var connected = calleeDevices.All(d => d.WakeToken is null) && await presence.IsConnectedAsync(request.To, cancellationToken);
        var situation = new CalleeSituation(calleeDevices, permission.CallerBlocked, permission.DndUntil > now, busy, connected);
        var call = CallOpening.Open(Guid.NewGuid(), request, situation, rules, now);

        List<TraceEvent> trace = [new(now, TraceEventType.Created, null, TraceDetail.Of(
            ("ringSeconds", (int)(call.RingUntil - call.CreatedAt).TotalSeconds), ("legs", call.Legs.Length)))];
        if (call.State.IsTerminal())
        {
            trace.Add(new(now, TraceEventType.For(call.State), null, TraceDetail.Of(("endReason", call.EndReason?.Name()))));
        }

        var creation = await calls.CreateAsync(call, trace, idempotencyKey, IdempotencyWindow, cancellationToken);
        if (!creation.Created)
        {
            return creation;
        }

        CallLog.CallPlaced(logger, call.CallId, call.From, call.To, call.State);
        if (call.State == CallState.Ringing)
        {
            ringing.Begin(call.CallId);
            Arm(call, now);
            events.Publish(call);
            RunInBackground(call.CallId, () => RingAsync(call, calleeDevices));
        }
        else
        {
            // A block is never revealed, to the callee's devices either.
            metrics.Ended(call);
            events.Publish(call, includeCallee: !permission.CallerBlocked);
            AfterEnd(call);
        }

        return creation;
    }

    /// <summary>
    /// Applies <paramref name="decide"/> to the latest version of the call until the store accepts the write or the
    /// machine refuses. Starting from <paramref name="current"/> saves a read when nobody raced us.
    /// </summary>
    private async Task<Transition> ChangeAsync(Call current, Func<Call, Transition> decide, CancellationToken cancellationToken)
    {
        while (true)
        {
            var transition = decide(current);
            if (!transition.Applied)
            {
                return transition;
            }

            var next = transition.Call;
            if (await calls.TryTransitionAsync(next, current.Version, TraceOf(next), cancellationToken))
            {
                Changed(next);
                return transition;
            }

            // Somebody else wrote first: decide again on what they wrote.
            current = await calls.GetAsync(current.CallId, cancellationToken)
                ?? throw new InvalidOperationException($"Call {current.CallId} vanished while changing.");
        }
    }

    private TraceEvent TraceOf(Call next) => new(time.GetUtcNow(), TraceEventType.For(next.State),
        next.State == CallState.Answered ? next.AnsweredBy : next.EndedByDevice,
        TraceDetail.Of(("endReason", next.EndReason?.Name()), ("by", next.EndedBy ?? (next.State == CallState.Answered ? next.To : null))));

    /// <summary>
    /// What follows every change this node stored: timers, events here and on the other nodes, missed-call alerts, and
    /// the count of ended calls (here, where the one conditional write that ended the call succeeded, so each call is
    /// counted once across nodes).
    /// </summary>
    private void Changed(Call next)
    {
        CallLog.CallChanged(logger, next.CallId, next.State, next.Version);
        if (next.State != CallState.Ringing)
        {
            ringing.End(next.CallId);
            deadlines.Cancel(next.CallId);
        }

        if (next.State.IsTerminal())
        {
            metrics.Ended(next);
        }

        events.Publish(next);
        AfterEnd(next);
    }

    /// <summary>
    /// Ends ringing calls overdue at <c>now - grace</c> that no node's timer ended (their node died, or is late), on
    /// a database several nodes share; returns how many ended. The store locks the calls it takes, so sweepers on
    /// several nodes share them, and writes each end conditionally, so a call never ends twice.
    /// </summary>
    public async Task<int> SweepAsync(ICallSweepStore sweeper, TimeSpan grace, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // The store has checked presence on every node; this node's own connections are asked again for free.
        var ended = await sweeper.SweepOverdueAsync(now - grace, now, limit, call =>
            CallMachine.Expire(call, now, connections.IsConnected(call.To)) is { Applied: true } transition
                ? new SweptTransition(transition.Call, TraceOf(transition.Call))
                : null,
            cancellationToken);
        foreach (var call in ended)
        {
            Changed(call);
        }

        return ended.Count;
    }

    /// <summary>
    /// Looks the call up for <paramref name="credential"/> (a non-party gets not-found) and applies the action as the
    /// role the asker plays. <paramref name="deviceId"/>, when given, must be one of the asker's registered devices.
    /// </summary>
    public Task<CallActionResult> ActAsync(Guid callId, Credential credential, string? deviceId, CallAction action, CancellationToken cancellationToken) =>
        ActAsync(callId, credential, deviceId, deviceVerified: false, action, cancellationToken);

    /// <summary>The same, from a connected device: it was checked when it connected.</summary>
    public Task<CallActionResult> ActAsync(Guid callId, Device device, CallAction action, CancellationToken cancellationToken) =>
        ActAsync(callId, new Credential(device.UserId), device.DeviceId, deviceVerified: true, action, cancellationToken);

    private async Task<CallActionResult> ActAsync(Guid callId, Credential credential, string? deviceId, bool deviceVerified, CallAction action,
        CancellationToken cancellationToken)
    {
        var call = await calls.GetAsync(callId, cancellationToken);
        if (call is null || !(credential.IsBackend || call.IsParty(credential.UserId!)))
        {
            return CallActionResult.NotFound;
        }

        var actor = credential.IsBackend ? Actor.Backend : Actor.For(call, credential.UserId!, deviceId)!;
        if (actor.DeviceId is not null && !deviceVerified && await devices.GetAsync(actor.UserId!, actor.DeviceId, cancellationToken) is null)
        {
            return new CallActionResult(call, TransitionOutcome.Forbidden);
        }

        var transition = await ChangeAsync(call, c => action switch
        {
            CallAction.Answer => CallMachine.Answer(c, actor, time.GetUtcNow()),
            CallAction.Decline => CallMachine.Decline(c, actor, time.GetUtcNow()),
            CallAction.DeclineBusy => CallMachine.Decline(c, actor, time.GetUtcNow(), busy: true),
            _ => CallMachine.End(c, actor, time.GetUtcNow()),
        }, cancellationToken);
        return new CallActionResult(transition.Call, transition.Outcome);
    }

    /// <summary>The call as <paramref name="userId"/> may see it, or null (not a party, or no such call).</summary>
    public async Task<Call?> GetForAsync(Guid callId, Credential credential, CancellationToken cancellationToken)
    {
        var call = await calls.GetAsync(callId, cancellationToken);
        return call is not null && (credential.IsBackend || call.IsParty(credential.UserId!)) ? call : null;
    }

    /// <summary>A device says it has the call's push: a callee's claim is recorded; either party gets the call as it stands.</summary>
    public async Task<Call?> ClaimAsync(Guid callId, Device device, CancellationToken cancellationToken)
    {
        var call = await GetForAsync(callId, new Credential(device.UserId), cancellationToken);
        if (call is null || device.UserId != call.To)
        {
            return call;
        }

        var now = time.GetUtcNow();
        var leg = call.Legs.FirstOrDefault(l => l.DeviceId == device.DeviceId);
        await calls.RecordClaimAsync(call.CallId, device.DeviceId, device.Platform,
            new TraceEvent(now, TraceEventType.Claimed, device.DeviceId, TraceDetail.Of(("afterMs", (long)(now - call.CreatedAt).TotalMilliseconds))),
            cancellationToken);
        if (leg?.ClaimedAt is null)
        {
            metrics.Claimed(now - call.CreatedAt, leg?.Push is PushStatus.Sent or PushStatus.Pending ? "push" : "channel");
        }

        var claimed = await calls.GetAsync(call.CallId, cancellationToken) ?? call;
        if (DeviceEndReasons.For(claimed, device.UserId, device.DeviceId) is not null)
        {
            // The reply tells the device how its call ended, so it stops ringing (or never starts).
            guards.Tripped(GhostRingGuard.ClaimOfEndedCall);
        }

        return claimed;
    }

    /// <summary>A device told its OS about the call (or was told it need not: <paramref name="mustReport"/> false).</summary>
    public async Task<bool> ReportedAsync(Guid callId, Device device, bool? mustReport, CancellationToken cancellationToken)
    {
        var call = await GetForAsync(callId, new Credential(device.UserId), cancellationToken);
        if (call is null)
        {
            return false;
        }

        await calls.RecordReportedAsync(call.CallId, device.DeviceId,
            new TraceEvent(time.GetUtcNow(), TraceEventType.Reported, device.DeviceId, TraceDetail.Of(("mustReport", mustReport))), cancellationToken);
        return true;
    }

    /// <summary>Re-arms the deadline of every ringing call; overdue ones end at once.</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var ringingNow = await calls.ListRingingAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var call in ringingNow)
        {
            ringing.Begin(call.CallId);
            Arm(call, now);
            // Only the ringer that placed a call pushes, once per leg: a push on its way when its node stopped is not sent again.
            guards.Tripped(GhostRingGuard.InFlightPushNotResent, call.Legs.Count(l => l.Push == PushStatus.Pending));
        }

        return ringingNow.Count;
    }

    private async Task ExpireAsync(Guid callId)
    {
        try
        {
            var call = await calls.GetAsync(callId, CancellationToken.None);
            if (call is null || call.State != CallState.Ringing)
            {
                ringing.End(callId);
                return;
            }

            // Presence is asked only when the claim deadline is what may end the call, and once: a retry after a race
            // decides again on the same answer, a moment old.
            var claimDue = time.GetUtcNow() >= call.ClaimUntil && !call.AnyLegClaimed;
            var connected = claimDue && await presence.IsConnectedAsync(call.To, CancellationToken.None);
            var transition = await ChangeAsync(call, c => CallMachine.Expire(c, time.GetUtcNow(), connected), CancellationToken.None);
            if (transition.Outcome == TransitionOutcome.NotDue)
            {
                Arm(transition.Call, time.GetUtcNow());
            }
        }
        catch (Exception e)
        {
            // A store hiccup must not leave a call ringing for ever: log loudly and look again soon.
            CallLog.DeadlineFailed(logger, callId, e);
            deadlines.Schedule(callId, time.GetUtcNow().AddSeconds(1), ExpireAsync);
        }
    }

    private void Arm(Call call, DateTimeOffset now)
    {
        if (CallMachine.NextDeadline(call, now) is { } at)
        {
            deadlines.Schedule(call.CallId, at, ExpireAsync);
        }
    }

    private async Task RingAsync(Call call, IReadOnlyList<Device> calleeDevices)
    {
        var outcome = await ringer.RingAsync(call, calleeDevices, ringing.TokenFor(call.CallId));
        if (outcome.Attempted == 0 || outcome.MayHaveArrived > 0 || await presence.IsConnectedAsync(call.To, CancellationToken.None))
        {
            return;
        }

        // No push can have arrived and no device is connected: nobody can ring, so say so now rather than at the claim timeout.
        var current = await calls.GetAsync(call.CallId, CancellationToken.None);
        if (current is { State: CallState.Ringing, AnyLegClaimed: false })
        {
            await ChangeAsync(current, c => c.AnyLegClaimed || connections.IsConnected(c.To)
                ? new Transition(TransitionOutcome.NotDue, c)
                : CallMachine.Unreachable(c, EndReason.PushFailed, time.GetUtcNow()), CancellationToken.None);
        }
    }

    private void AfterEnd(Call call)
    {
        if (call.State is CallState.Missed or CallState.Unreachable)
        {
            RunInBackground(call.CallId, () => ringer.SendMissedCallAlertsAsync(call, CancellationToken.None));
        }
    }

    private void RunInBackground(Guid callId, Func<Task> work) => _ = Task.Run(async () =>
    {
        try
        {
            await work();
        }
        catch (Exception e)
        {
            CallLog.BackgroundWorkFailed(logger, callId, e);
        }
    });
}
