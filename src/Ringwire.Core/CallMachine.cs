namespace Ringwire.Core;

/// <summary>
/// The call state machine: ringing → answered → ended; ringing → cancelled | declined | missed | unreachable.
/// Pure: a call and a request in, a <see cref="Transition"/> out. Every request has an answer for every state, so no
/// wrong transition throws and none passes silently; the store writes an applied transition only if the version it
/// was computed from is still the latest (see Ringwire.Storage's README).
/// </summary>
public static class CallMachine
{
    public static Transition Answer(Call call, Actor actor, DateTimeOffset now)
    {
        if (actor.Role != ActorRole.Callee || actor.DeviceId is null)
        {
            return new(TransitionOutcome.Forbidden, call);
        }

        return call.State switch
        {
            CallState.Ringing => Apply(call with
            {
                State = CallState.Answered,
                AnsweredBy = actor.DeviceId,
                AnsweredAt = now,
            }),
            CallState.Answered when call.AnsweredBy == actor.DeviceId => new(TransitionOutcome.Unchanged, call),
            CallState.Answered => new(TransitionOutcome.AnsweredElsewhere, call),
            _ => new(TransitionOutcome.CallEnded, call),
        };
    }

    /// <summary>
    /// Declining on one device ends the call for every device; the answering device declining hangs up.
    /// <paramref name="busy"/>: the device is on another call and has no call waiting, so the caller hears busy.
    /// </summary>
    public static Transition Decline(Call call, Actor actor, DateTimeOffset now, bool busy = false)
    {
        if (actor.Role != ActorRole.Callee || actor.DeviceId is null)
        {
            return new(TransitionOutcome.Forbidden, call);
        }

        return call.State switch
        {
            CallState.Ringing => Finish(call, CallState.Declined, busy ? EndReason.Busy : EndReason.CalleeDeclined, actor, now),
            CallState.Answered when call.AnsweredBy == actor.DeviceId => Finish(call, CallState.Ended, EndReason.Hangup, actor, now),
            CallState.Answered => new(TransitionOutcome.AnsweredElsewhere, call),
            _ => new(TransitionOutcome.CallEnded, call),
        };
    }

    /// <summary>
    /// Ends the call by role: the caller (or a backend) cancels a ringing call, the callee declines it, and either
    /// hangs up an answered one. Ending a terminal call changes nothing.
    /// </summary>
    public static Transition End(Call call, Actor actor, DateTimeOffset now) => call.State switch
    {
        CallState.Ringing when actor.Role == ActorRole.Callee =>
            Finish(call, CallState.Declined, EndReason.CalleeDeclined, actor, now),
        CallState.Ringing => Finish(call, CallState.Cancelled, EndReason.CallerCancelled, actor, now),
        CallState.Answered => Finish(call, CallState.Ended, EndReason.Hangup, actor, now),
        _ => new(TransitionOutcome.Unchanged, call),
    };

    /// <summary>
    /// Applies whichever deadline has passed: ring timeout → missed; claim timeout with no claim and no connected
    /// callee device → unreachable.
    /// </summary>
    public static Transition Expire(Call call, DateTimeOffset now, bool calleeConnected)
    {
        if (call.State != CallState.Ringing)
        {
            return new(call.State.IsTerminal() ? TransitionOutcome.CallEnded : TransitionOutcome.Unchanged, call);
        }

        if (now >= call.RingUntil)
        {
            return Finish(call, CallState.Missed, EndReason.RingTimeout, null, now);
        }

        if (now >= call.ClaimUntil && !call.AnyLegClaimed && !calleeConnected)
        {
            return Finish(call, CallState.Unreachable, EndReason.ClaimTimeout, null, now);
        }

        return new(TransitionOutcome.NotDue, call);
    }

    /// <summary>Ends a ringing call that no device can be woken for (every push failed and none is connected).</summary>
    public static Transition Unreachable(Call call, EndReason reason, DateTimeOffset now) =>
        call.State == CallState.Ringing
            ? Finish(call, CallState.Unreachable, reason, null, now)
            : new(call.State.IsTerminal() ? TransitionOutcome.CallEnded : TransitionOutcome.Unchanged, call);

    /// <summary>
    /// The next moment after <paramref name="now"/> at which <see cref="Expire"/> may end the call, or null when no
    /// timer is needed. The claim deadline counts once: after it has passed, only the ring deadline remains.
    /// </summary>
    public static DateTimeOffset? NextDeadline(Call call, DateTimeOffset now) => call.State != CallState.Ringing
        ? null
        : call.AnyLegClaimed || now >= call.ClaimUntil || call.ClaimUntil >= call.RingUntil ? call.RingUntil : call.ClaimUntil;

    private static Transition Apply(Call next) =>
        new(TransitionOutcome.Applied, next with { Version = next.Version + 1 });

    private static Transition Finish(Call call, CallState state, EndReason reason, Actor? actor, DateTimeOffset now) =>
        Apply(call with
        {
            State = state,
            EndReason = reason,
            EndedAt = now,
            EndedBy = actor?.UserId,
            EndedByDevice = actor?.DeviceId,
        });
}
