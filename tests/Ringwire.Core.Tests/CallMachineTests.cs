using static Ringwire.Core.Tests.CallBuilder;

namespace Ringwire.Core.Tests;

public sealed class CallMachineTests
{
    private static readonly CallState[] TerminalStates =
        [CallState.Cancelled, CallState.Declined, CallState.Missed, CallState.Unreachable, CallState.Ended];

    private static readonly (ActorRole Role, string? DeviceId)[] EveryActor =
    [
        (ActorRole.Caller, CallerPhone),
        (ActorRole.Caller, null),
        (ActorRole.Callee, CalleePhone),
        (ActorRole.Callee, CalleeTablet),
        (ActorRole.Callee, null),
        (ActorRole.Backend, null),
    ];

    public static TheoryData<CallState> AllTerminalStates => new(TerminalStates);

    public static TheoryData<CallState> AllStates => new(Enum.GetValues<CallState>());

    // from, actor role, actor device, outcome, state after, end reason after
    public static TheoryData<CallState, ActorRole, string?, TransitionOutcome, CallState, EndReason?> AnswerTable
    {
        get
        {
            var data = new TheoryData<CallState, ActorRole, string?, TransitionOutcome, CallState, EndReason?>
            {
                { CallState.Ringing, ActorRole.Callee, CalleePhone, TransitionOutcome.Applied, CallState.Answered, null },
                { CallState.Ringing, ActorRole.Callee, null, TransitionOutcome.Forbidden, CallState.Ringing, null },
                { CallState.Ringing, ActorRole.Caller, CallerPhone, TransitionOutcome.Forbidden, CallState.Ringing, null },
                { CallState.Ringing, ActorRole.Caller, null, TransitionOutcome.Forbidden, CallState.Ringing, null },
                { CallState.Ringing, ActorRole.Backend, null, TransitionOutcome.Forbidden, CallState.Ringing, null },
                { CallState.Answered, ActorRole.Callee, CalleePhone, TransitionOutcome.Unchanged, CallState.Answered, null },
                { CallState.Answered, ActorRole.Callee, CalleeTablet, TransitionOutcome.AnsweredElsewhere, CallState.Answered, null },
                { CallState.Answered, ActorRole.Callee, null, TransitionOutcome.Forbidden, CallState.Answered, null },
                { CallState.Answered, ActorRole.Caller, CallerPhone, TransitionOutcome.Forbidden, CallState.Answered, null },
                { CallState.Answered, ActorRole.Backend, null, TransitionOutcome.Forbidden, CallState.Answered, null },
            };
            AddTerminalRows(data, (role, device) =>
                role == ActorRole.Callee && device is not null ? TransitionOutcome.CallEnded : TransitionOutcome.Forbidden);
            return data;
        }
    }

    public static TheoryData<CallState, ActorRole, string?, TransitionOutcome, CallState, EndReason?> DeclineTable
    {
        get
        {
            var data = new TheoryData<CallState, ActorRole, string?, TransitionOutcome, CallState, EndReason?>
            {
                { CallState.Ringing, ActorRole.Callee, CalleePhone, TransitionOutcome.Applied, CallState.Declined, EndReason.CalleeDeclined },
                { CallState.Ringing, ActorRole.Callee, CalleeTablet, TransitionOutcome.Applied, CallState.Declined, EndReason.CalleeDeclined },
                { CallState.Ringing, ActorRole.Callee, null, TransitionOutcome.Forbidden, CallState.Ringing, null },
                { CallState.Ringing, ActorRole.Caller, CallerPhone, TransitionOutcome.Forbidden, CallState.Ringing, null },
                { CallState.Ringing, ActorRole.Caller, null, TransitionOutcome.Forbidden, CallState.Ringing, null },
                { CallState.Ringing, ActorRole.Backend, null, TransitionOutcome.Forbidden, CallState.Ringing, null },
                // Answered on bob's phone: declining there hangs up; declining on the tablet comes too late.
                { CallState.Answered, ActorRole.Callee, CalleePhone, TransitionOutcome.Applied, CallState.Ended, EndReason.Hangup },
                { CallState.Answered, ActorRole.Callee, CalleeTablet, TransitionOutcome.AnsweredElsewhere, CallState.Answered, null },
                { CallState.Answered, ActorRole.Callee, null, TransitionOutcome.Forbidden, CallState.Answered, null },
                { CallState.Answered, ActorRole.Caller, CallerPhone, TransitionOutcome.Forbidden, CallState.Answered, null },
                { CallState.Answered, ActorRole.Backend, null, TransitionOutcome.Forbidden, CallState.Answered, null },
            };
            AddTerminalRows(data, (role, device) =>
                role == ActorRole.Callee && device is not null ? TransitionOutcome.CallEnded : TransitionOutcome.Forbidden);
            return data;
        }
    }

    public static TheoryData<CallState, ActorRole, string?, TransitionOutcome, CallState, EndReason?> EndTable
    {
        get
        {
            var data = new TheoryData<CallState, ActorRole, string?, TransitionOutcome, CallState, EndReason?>
            {
                { CallState.Ringing, ActorRole.Caller, CallerPhone, TransitionOutcome.Applied, CallState.Cancelled, EndReason.CallerCancelled },
                { CallState.Ringing, ActorRole.Caller, null, TransitionOutcome.Applied, CallState.Cancelled, EndReason.CallerCancelled },
                { CallState.Ringing, ActorRole.Backend, null, TransitionOutcome.Applied, CallState.Cancelled, EndReason.CallerCancelled },
                { CallState.Ringing, ActorRole.Callee, CalleePhone, TransitionOutcome.Applied, CallState.Declined, EndReason.CalleeDeclined },
                { CallState.Ringing, ActorRole.Callee, null, TransitionOutcome.Applied, CallState.Declined, EndReason.CalleeDeclined },
                { CallState.Answered, ActorRole.Caller, CallerPhone, TransitionOutcome.Applied, CallState.Ended, EndReason.Hangup },
                { CallState.Answered, ActorRole.Caller, null, TransitionOutcome.Applied, CallState.Ended, EndReason.Hangup },
                { CallState.Answered, ActorRole.Backend, null, TransitionOutcome.Applied, CallState.Ended, EndReason.Hangup },
                { CallState.Answered, ActorRole.Callee, CalleePhone, TransitionOutcome.Applied, CallState.Ended, EndReason.Hangup },
                { CallState.Answered, ActorRole.Callee, CalleeTablet, TransitionOutcome.Applied, CallState.Ended, EndReason.Hangup },
                { CallState.Answered, ActorRole.Callee, null, TransitionOutcome.Applied, CallState.Ended, EndReason.Hangup },
            };
            // Ending a terminal call returns it unchanged (contract §5: 200 with it), whoever asks.
            AddTerminalRows(data, (_, _) => TransitionOutcome.Unchanged);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(AnswerTable))]
    public void Answer_FromEachStateByEachActor_FollowsContract(
        CallState from, ActorRole role, string? deviceId, TransitionOutcome outcome, CallState to, EndReason? reason) =>
        AssertTransition(from, c => CallMachine.Answer(c, As(role, deviceId), Meanwhile), outcome, to, reason);

    [Theory]
    [MemberData(nameof(DeclineTable))]
    public void Decline_FromEachStateByEachActor_FollowsContract(
        CallState from, ActorRole role, string? deviceId, TransitionOutcome outcome, CallState to, EndReason? reason) =>
        AssertTransition(from, c => CallMachine.Decline(c, As(role, deviceId), Meanwhile), outcome, to, reason);

    [Fact]
    public void Decline_AsBusyWhileRinging_EndsDeclinedBusy() =>
        AssertTransition(CallState.Ringing, c => CallMachine.Decline(c, As(ActorRole.Callee, CalleePhone), Meanwhile, busy: true),
            TransitionOutcome.Applied, CallState.Declined, EndReason.Busy);

    [Fact]
    public void Decline_AsBusyByTheAnsweringDevice_StillHangsUp() =>
        AssertTransition(CallState.Answered, c => CallMachine.Decline(c, As(ActorRole.Callee, CalleePhone), Meanwhile, busy: true),
            TransitionOutcome.Applied, CallState.Ended, EndReason.Hangup);

    [Theory]
    [MemberData(nameof(EndTable))]
    public void End_FromEachStateByEachActor_FollowsContract(
        CallState from, ActorRole role, string? deviceId, TransitionOutcome outcome, CallState to, EndReason? reason) =>
        AssertTransition(from, c => CallMachine.End(c, As(role, deviceId), Meanwhile), outcome, to, reason);

    [Fact]
    public void Answer_WhenRinging_RecordsAnsweringDeviceAndTime()
    {
        var call = Ringing().Build();

        var result = CallMachine.Answer(call, CalleeOnTablet, Meanwhile);

        Assert.True(result.Applied);
        Assert.Equal(CallState.Answered, result.Call.State);
        Assert.Equal(CalleeTablet, result.Call.AnsweredBy);
        Assert.Equal(Meanwhile, result.Call.AnsweredAt);
        Assert.Equal(2, result.Call.Version);
        Assert.Null(result.Call.EndReason);
        Assert.Null(result.Call.EndedAt);
        Assert.Null(result.Call.EndedBy);
        Assert.Null(result.Call.EndedByDevice);
        Assert.Equal<Leg>(call.Legs, result.Call.Legs);
    }

    [Fact]
    public void Answer_WhenAnotherDeviceAnsweredFirst_ReturnsAnsweredElsewhere()
    {
        var answered = CallMachine.Answer(Ringing().Build(), CalleeOnPhone, Meanwhile).Call;

        var result = CallMachine.Answer(answered, CalleeOnTablet, Meanwhile.AddMilliseconds(1));

        Assert.Equal(TransitionOutcome.AnsweredElsewhere, result.Outcome);
        Assert.Same(answered, result.Call);
        Assert.Equal(CalleePhone, result.Call.AnsweredBy);
    }

    [Fact]
    public void Answer_WhenSameDeviceAnswersAgain_ReturnsUnchanged()
    {
        var answered = CallMachine.Answer(Ringing().Build(), CalleeOnPhone, Meanwhile).Call;

        var result = CallMachine.Answer(answered, CalleeOnPhone, Meanwhile.AddSeconds(1));

        Assert.Equal(TransitionOutcome.Unchanged, result.Outcome);
        Assert.Same(answered, result.Call);
        Assert.Equal(Meanwhile, result.Call.AnsweredAt);
    }

    [Fact]
    public void Answer_ByCaller_ReturnsForbidden()
    {
        var call = Ringing().Build();

        var result = CallMachine.Answer(call, CallerOnPhone, Meanwhile);

        Assert.Equal(TransitionOutcome.Forbidden, result.Outcome);
        Assert.Same(call, result.Call);
    }

    [Fact]
    public void Answer_ByCalleeWithoutDevice_ReturnsForbidden()
    {
        var call = Ringing().Build();

        var result = CallMachine.Answer(call, CalleeWithoutDevice, Meanwhile);

        Assert.Equal(TransitionOutcome.Forbidden, result.Outcome);
        Assert.Same(call, result.Call);
    }

    [Fact]
    public void Decline_WhenRinging_RecordsWhoDeclinedAndWhen()
    {
        var result = CallMachine.Decline(Ringing().Build(), CalleeOnTablet, Meanwhile);

        Assert.True(result.Applied);
        Assert.Equal(CallState.Declined, result.Call.State);
        Assert.Equal(EndReason.CalleeDeclined, result.Call.EndReason);
        Assert.Equal(Callee, result.Call.EndedBy);
        Assert.Equal(CalleeTablet, result.Call.EndedByDevice);
        Assert.Equal(Meanwhile, result.Call.EndedAt);
        Assert.Null(result.Call.AnsweredBy);
        Assert.Equal(2, result.Call.Version);
    }

    [Fact]
    public void Decline_ByAnsweringDevice_HangsUp()
    {
        var answered = CallMachine.Answer(Ringing().Build(), CalleeOnPhone, Meanwhile).Call;
        var later = Meanwhile.AddSeconds(30);

        var result = CallMachine.Decline(answered, CalleeOnPhone, later);

        Assert.True(result.Applied);
        Assert.Equal(CallState.Ended, result.Call.State);
        Assert.Equal(EndReason.Hangup, result.Call.EndReason);
        Assert.Equal(Callee, result.Call.EndedBy);
        Assert.Equal(CalleePhone, result.Call.EndedByDevice);
        Assert.Equal(later, result.Call.EndedAt);
        Assert.Equal(CalleePhone, result.Call.AnsweredBy);
        Assert.Equal(3, result.Call.Version);
    }

    [Fact]
    public void Decline_ByCaller_ReturnsForbidden()
    {
        var call = Ringing().Build();

        var result = CallMachine.Decline(call, CallerOnPhone, Meanwhile);

        Assert.Equal(TransitionOutcome.Forbidden, result.Outcome);
        Assert.Same(call, result.Call);
    }

    [Fact]
    public void End_ByCallerWhileRinging_CancelsAndRecordsCallerDevice()
    {
        var result = CallMachine.End(Ringing().Build(), CallerOnPhone, Meanwhile);

        Assert.True(result.Applied);
        Assert.Equal(CallState.Cancelled, result.Call.State);
        Assert.Equal(EndReason.CallerCancelled, result.Call.EndReason);
        Assert.Equal(Caller, result.Call.EndedBy);
        Assert.Equal(CallerPhone, result.Call.EndedByDevice);
        Assert.Equal(Meanwhile, result.Call.EndedAt);
        Assert.Equal(2, result.Call.Version);
    }

    [Fact]
    public void End_ByBackendWhileRinging_CancelsWithNoUserOrDevice()
    {
        var result = CallMachine.End(Ringing().Build(), Actor.Backend, Meanwhile);

        Assert.True(result.Applied);
        Assert.Equal(CallState.Cancelled, result.Call.State);
        Assert.Equal(EndReason.CallerCancelled, result.Call.EndReason);
        Assert.Null(result.Call.EndedBy);
        Assert.Null(result.Call.EndedByDevice);
        Assert.Equal(Meanwhile, result.Call.EndedAt);
    }

    [Fact]
    public void End_ByCalleeWithoutDeviceWhileRinging_DeclinesWithNoDevice()
    {
        var result = CallMachine.End(Ringing().Build(), CalleeWithoutDevice, Meanwhile);

        Assert.True(result.Applied);
        Assert.Equal(CallState.Declined, result.Call.State);
        Assert.Equal(EndReason.CalleeDeclined, result.Call.EndReason);
        Assert.Equal(Callee, result.Call.EndedBy);
        Assert.Null(result.Call.EndedByDevice);
    }

    [Fact]
    public void End_ByCalleeAfterAnswer_HangsUpAndKeepsAnswer()
    {
        var answered = CallMachine.Answer(Ringing().Build(), CalleeOnPhone, Meanwhile).Call;
        var later = Meanwhile.AddMinutes(5);

        var result = CallMachine.End(answered, CalleeOnPhone, later);

        Assert.True(result.Applied);
        Assert.Equal(CallState.Ended, result.Call.State);
        Assert.Equal(EndReason.Hangup, result.Call.EndReason);
        Assert.Equal(Callee, result.Call.EndedBy);
        Assert.Equal(CalleePhone, result.Call.EndedByDevice);
        Assert.Equal(later, result.Call.EndedAt);
        Assert.Equal(CalleePhone, result.Call.AnsweredBy);
        Assert.Equal(Meanwhile, result.Call.AnsweredAt);
        Assert.Equal(3, result.Call.Version);
    }

    [Theory]
    [MemberData(nameof(AllTerminalStates))]
    public void End_WhenTerminal_ReturnsUnchanged(CallState state)
    {
        var call = InState(state);

        var result = CallMachine.End(call, CallerOnPhone, Meanwhile);

        Assert.Equal(TransitionOutcome.Unchanged, result.Outcome);
        Assert.Same(call, result.Call);
    }

    [Theory]
    [InlineData(EndReason.PushFailed)]
    [InlineData(EndReason.NoDevices)]
    public void Unreachable_WhenRinging_EndsWithGivenReason(EndReason reason)
    {
        var result = CallMachine.Unreachable(Ringing().Build(), reason, Meanwhile);

        Assert.True(result.Applied);
        Assert.Equal(CallState.Unreachable, result.Call.State);
        Assert.Equal(reason, result.Call.EndReason);
        Assert.Equal(Meanwhile, result.Call.EndedAt);
        Assert.Null(result.Call.EndedBy);
        Assert.Null(result.Call.EndedByDevice);
        Assert.Equal(2, result.Call.Version);
    }

    [Fact]
    public void Unreachable_WhenAnswered_ReturnsUnchanged()
    {
        var call = InState(CallState.Answered);

        var result = CallMachine.Unreachable(call, EndReason.PushFailed, Meanwhile);

        Assert.Equal(TransitionOutcome.Unchanged, result.Outcome);
        Assert.Same(call, result.Call);
    }

    [Theory]
    [MemberData(nameof(AllTerminalStates))]
    public void Unreachable_WhenTerminal_ReturnsCallEnded(CallState state)
    {
        var call = InState(state);

        var result = CallMachine.Unreachable(call, EndReason.PushFailed, Meanwhile);

        Assert.Equal(TransitionOutcome.CallEnded, result.Outcome);
        Assert.Same(call, result.Call);
    }

    [Fact]
    public void Expire_OneMillisecondBeforeRingUntil_ReturnsNotDue()
    {
        var call = Ringing().WithLegClaimed(CalleePhone).Build();

        var result = CallMachine.Expire(call, RingUntil.AddMilliseconds(-1), calleeConnected: false);

        Assert.Equal(TransitionOutcome.NotDue, result.Outcome);
        Assert.Same(call, result.Call);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Expire_AtRingUntil_EndsMissedWithRingTimeout(bool legClaimed, bool calleeConnected)
    {
        var builder = Ringing();
        var call = (legClaimed ? builder.WithLegClaimed(CalleePhone) : builder).Build();

        var result = CallMachine.Expire(call, RingUntil, calleeConnected);

        Assert.True(result.Applied);
        Assert.Equal(CallState.Missed, result.Call.State);
        Assert.Equal(EndReason.RingTimeout, result.Call.EndReason);
        Assert.Equal(RingUntil, result.Call.EndedAt);
        Assert.Null(result.Call.EndedBy);
        Assert.Null(result.Call.EndedByDevice);
        Assert.Equal(call.Version + 1, result.Call.Version);
    }

    [Fact]
    public void Expire_AtClaimUntilWithNoClaimAndNoConnection_EndsUnreachableWithClaimTimeout()
    {
        var call = Ringing().Build();

        var result = CallMachine.Expire(call, ClaimUntil, calleeConnected: false);

        Assert.True(result.Applied);
        Assert.Equal(CallState.Unreachable, result.Call.State);
        Assert.Equal(EndReason.ClaimTimeout, result.Call.EndReason);
        Assert.Equal(ClaimUntil, result.Call.EndedAt);
        Assert.Null(result.Call.EndedBy);
        Assert.Equal(call.Version + 1, result.Call.Version);
    }

    [Fact]
    public void Expire_OneMillisecondBeforeClaimUntil_ReturnsNotDue()
    {
        var call = Ringing().Build();

        var result = CallMachine.Expire(call, ClaimUntil.AddMilliseconds(-1), calleeConnected: false);

        Assert.Equal(TransitionOutcome.NotDue, result.Outcome);
        Assert.Same(call, result.Call);
    }

    [Theory]
    [InlineData(CalleePhone)]
    [InlineData(CalleeTablet)]
    public void Expire_AtClaimUntilWhenOneLegClaimed_ReturnsNotDue(string claimedBy)
    {
        var call = Ringing().WithLegClaimed(claimedBy).Build();

        var result = CallMachine.Expire(call, ClaimUntil, calleeConnected: false);

        Assert.Equal(TransitionOutcome.NotDue, result.Outcome);
        Assert.Same(call, result.Call);
    }

    [Fact]
    public void Expire_AtClaimUntilWhenCalleeDeviceConnected_ReturnsNotDue()
    {
        var call = Ringing().Build();

        var result = CallMachine.Expire(call, ClaimUntil, calleeConnected: true);

        Assert.Equal(TransitionOutcome.NotDue, result.Outcome);
        Assert.Same(call, result.Call);
    }

    [Fact]
    public void Expire_WhenAnswered_ReturnsUnchangedEvenAfterRingUntil()
    {
        var call = InState(CallState.Answered);

        var result = CallMachine.Expire(call, RingUntil.AddMinutes(1), calleeConnected: false);

        Assert.Equal(TransitionOutcome.Unchanged, result.Outcome);
        Assert.Same(call, result.Call);
    }

    [Theory]
    [MemberData(nameof(AllTerminalStates))]
    public void Expire_WhenTerminal_ReturnsCallEnded(CallState state)
    {
        var call = InState(state);

        var result = CallMachine.Expire(call, RingUntil.AddMinutes(1), calleeConnected: false);

        Assert.Equal(TransitionOutcome.CallEnded, result.Outcome);
        Assert.Same(call, result.Call);
    }

    [Fact]
    public void NextDeadline_WhenRingingUnclaimed_IsClaimUntil() =>
        Assert.Equal(ClaimUntil, CallMachine.NextDeadline(Ringing().Build(), CreatedAt));

    [Fact]
    public void NextDeadline_OneMillisecondBeforeClaimUntil_IsClaimUntil() =>
        Assert.Equal(ClaimUntil, CallMachine.NextDeadline(Ringing().Build(), ClaimUntil.AddMilliseconds(-1)));

    [Fact]
    public void NextDeadline_WhenALegClaimed_IsRingUntil() =>
        Assert.Equal(RingUntil, CallMachine.NextDeadline(Ringing().WithLegClaimed(CalleeTablet).Build(), CreatedAt));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(30_000)]
    public void NextDeadline_OnceClaimUntilHasPassed_IsRingUntil(int millisecondsAfterClaimUntil)
    {
        // A connected device met the claim deadline without claiming: Expire said NotDue, so the claim deadline must
        // not come back (it would fire at once, again and again, until the ring deadline).
        var call = Ringing().Build();
        var now = ClaimUntil.AddMilliseconds(millisecondsAfterClaimUntil);
        Assert.Equal(TransitionOutcome.NotDue, CallMachine.Expire(call, now, calleeConnected: true).Outcome);

        Assert.Equal(RingUntil, CallMachine.NextDeadline(call, now));
    }

    [Theory]
    [InlineData(45)]
    [InlineData(60)]
    public void NextDeadline_WhenClaimUntilIsNotBeforeRingUntil_IsRingUntil(int claimSeconds) =>
        Assert.Equal(RingUntil, CallMachine.NextDeadline(Ringing().WithClaimUntil(CreatedAt.AddSeconds(claimSeconds)).Build(), CreatedAt));

    [Fact]
    public void NextDeadline_WhenAnswered_IsNull() => Assert.Null(CallMachine.NextDeadline(InState(CallState.Answered), Meanwhile));

    [Theory]
    [MemberData(nameof(AllTerminalStates))]
    public void NextDeadline_WhenTerminal_IsNull(CallState state) => Assert.Null(CallMachine.NextDeadline(InState(state), Meanwhile));

    [Fact]
    public void NextDeadline_WhenReached_ExpireEndsTheCall()
    {
        var unclaimed = Ringing().Build();
        var claimed = Ringing().WithLegClaimed(CalleePhone).Build();

        var claimDeadline = CallMachine.NextDeadline(unclaimed, CreatedAt)!.Value;
        var ringDeadline = CallMachine.NextDeadline(claimed, CreatedAt)!.Value;

        Assert.Equal(EndReason.ClaimTimeout, CallMachine.Expire(unclaimed, claimDeadline, calleeConnected: false).Call.EndReason);
        Assert.Equal(EndReason.RingTimeout, CallMachine.Expire(claimed, ringDeadline, calleeConnected: false).Call.EndReason);
    }

    [Theory]
    [MemberData(nameof(AllStates))]
    public void AnyRequest_FromEachState_GrowsVersionByExactlyOneOnlyWhenApplied(CallState state)
    {
        var call = InState(state);

        foreach (var (name, request) in EveryRequest())
        {
            var result = request(call);

            if (result.Applied)
            {
                Assert.True(call.Version + 1 == result.Call.Version, $"{name} from {state}: version {result.Call.Version}");
                Assert.NotEqual(call.State, result.Call.State);
            }
            else
            {
                Assert.True(ReferenceEquals(call, result.Call), $"{name} from {state} returned another call");
                Assert.Equal(call.Version, result.Call.Version);
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllTerminalStates))]
    public void AnyRequest_OnTerminalCall_NeverChangesIt(CallState state)
    {
        var call = InState(state);
        var before = call with { };

        foreach (var (name, request) in EveryRequest())
        {
            var result = request(call);

            Assert.False(result.Applied, $"{name} changed a {state} call");
            Assert.Same(call, result.Call);
            Assert.Equal(before, result.Call);
        }
    }

    private static IEnumerable<(string Name, Func<Call, Transition> Request)> EveryRequest()
    {
        foreach (var (role, deviceId) in EveryActor)
        {
            var actor = As(role, deviceId);
            yield return ($"Answer by {actor}", c => CallMachine.Answer(c, actor, Meanwhile));
            yield return ($"Decline by {actor}", c => CallMachine.Decline(c, actor, Meanwhile));
            yield return ($"End by {actor}", c => CallMachine.End(c, actor, Meanwhile));
        }

        foreach (var at in new[] { Meanwhile, ClaimUntil, RingUntil, RingUntil.AddHours(1) })
        {
            foreach (var connected in new[] { false, true })
            {
                yield return ($"Expire at {at:O} connected={connected}", c => CallMachine.Expire(c, at, connected));
            }
        }

        yield return ("Unreachable push_failed", c => CallMachine.Unreachable(c, EndReason.PushFailed, Meanwhile));
        yield return ("Unreachable no_devices", c => CallMachine.Unreachable(c, EndReason.NoDevices, Meanwhile));
    }

    private static void AddTerminalRows(
        TheoryData<CallState, ActorRole, string?, TransitionOutcome, CallState, EndReason?> data,
        Func<ActorRole, string?, TransitionOutcome> outcome)
    {
        foreach (var state in TerminalStates)
        {
            foreach (var (role, deviceId) in EveryActor)
            {
                data.Add(state, role, deviceId, outcome(role, deviceId), state, InState(state).EndReason);
            }
        }
    }

    private static void AssertTransition(
        CallState from, Func<Call, Transition> request, TransitionOutcome outcome, CallState to, EndReason? reason)
    {
        var call = InState(from);

        var result = request(call);

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(to, result.Call.State);
        Assert.Equal(reason, result.Call.EndReason);
        if (result.Applied)
        {
            Assert.Equal(call.Version + 1, result.Call.Version);
            Assert.Equal(Meanwhile, to.IsTerminal() ? result.Call.EndedAt : result.Call.AnsweredAt);
        }
        else
        {
            Assert.Same(call, result.Call);
        }
    }
}
