using static Ringwire.Core.Tests.CallBuilder;

namespace Ringwire.Core.Tests;

/// <summary>
/// Contract §6: the CallKit reason each device of each party gets. Calls are brought to each state by
/// <see cref="CallMachine"/> itself, so the table also checks that the machine records what the mapping reads.
/// </summary>
public sealed class DeviceEndReasonsTests
{
    [Theory]
    // Still ringing: over for nobody.
    [InlineData("ringing", Callee, CalleePhone, null)]
    [InlineData("ringing", Callee, CalleeTablet, null)]
    [InlineData("ringing", Caller, CallerPhone, null)]
    // Answered on bob's phone: the tablet stops ringing; the phone and alice go on.
    [InlineData("answered on b-phone", Callee, CalleePhone, null)]
    [InlineData("answered on b-phone", Callee, CalleeTablet, DeviceEndReason.AnsweredElsewhere)]
    [InlineData("answered on b-phone", Caller, CallerPhone, null)]
    // Cancelled by alice on her phone.
    [InlineData("cancelled on a-phone", Callee, CalleePhone, DeviceEndReason.RemoteEnded)]
    [InlineData("cancelled on a-phone", Callee, CalleeTablet, DeviceEndReason.RemoteEnded)]
    [InlineData("cancelled on a-phone", Caller, CallerPhone, null)]
    // Cancelled by the app backend, for alice.
    [InlineData("cancelled by backend", Callee, CalleePhone, DeviceEndReason.RemoteEnded)]
    [InlineData("cancelled by backend", Callee, CalleeTablet, DeviceEndReason.RemoteEnded)]
    // Declined on bob's phone.
    [InlineData("declined on b-phone", Callee, CalleePhone, null)]
    [InlineData("declined on b-phone", Callee, CalleeTablet, DeviceEndReason.DeclinedElsewhere)]
    [InlineData("declined on b-phone", Caller, CallerPhone, DeviceEndReason.RemoteEnded)]
    // Declined by bob with no device (end over REST): no device declined itself.
    [InlineData("declined by callee without device", Callee, CalleePhone, DeviceEndReason.DeclinedElsewhere)]
    [InlineData("declined by callee without device", Callee, CalleeTablet, DeviceEndReason.DeclinedElsewhere)]
    [InlineData("declined by callee without device", Caller, CallerPhone, DeviceEndReason.RemoteEnded)]
    // Busy (BusyPolicy=reject): nobody declined; "anything else".
    [InlineData("busy", Callee, CalleePhone, DeviceEndReason.Failed)]
    [InlineData("busy", Callee, CalleeTablet, DeviceEndReason.Failed)]
    [InlineData("busy", Caller, CallerPhone, DeviceEndReason.Failed)]
    // Busy on bob's phone (on another call, no call waiting): declined there, busy for alice.
    [InlineData("busy on b-phone", Callee, CalleePhone, null)]
    [InlineData("busy on b-phone", Callee, CalleeTablet, DeviceEndReason.DeclinedElsewhere)]
    [InlineData("busy on b-phone", Caller, CallerPhone, DeviceEndReason.Failed)]
    // Missed, do not disturb, unreachable: unanswered for everyone.
    [InlineData("missed", Callee, CalleePhone, DeviceEndReason.Unanswered)]
    [InlineData("missed", Callee, CalleeTablet, DeviceEndReason.Unanswered)]
    [InlineData("missed", Caller, CallerPhone, DeviceEndReason.Unanswered)]
    [InlineData("dnd", Callee, CalleePhone, DeviceEndReason.Unanswered)]
    [InlineData("dnd", Caller, CallerPhone, DeviceEndReason.Unanswered)]
    [InlineData("unreachable after claim timeout", Callee, CalleePhone, DeviceEndReason.Unanswered)]
    [InlineData("unreachable after claim timeout", Caller, CallerPhone, DeviceEndReason.Unanswered)]
    [InlineData("unreachable after push failed", Callee, CalleeTablet, DeviceEndReason.Unanswered)]
    [InlineData("unreachable after push failed", Caller, CallerPhone, DeviceEndReason.Unanswered)]
    // Answered on bob's phone, then hung up by alice.
    [InlineData("answered on b-phone, hung up on a-phone", Callee, CalleePhone, DeviceEndReason.RemoteEnded)]
    [InlineData("answered on b-phone, hung up on a-phone", Callee, CalleeTablet, DeviceEndReason.AnsweredElsewhere)]
    [InlineData("answered on b-phone, hung up on a-phone", Caller, CallerPhone, null)]
    // Answered on bob's phone, then hung up there (by end, and by decline from the answering device).
    [InlineData("answered on b-phone, hung up on b-phone", Callee, CalleePhone, null)]
    [InlineData("answered on b-phone, hung up on b-phone", Callee, CalleeTablet, DeviceEndReason.AnsweredElsewhere)]
    [InlineData("answered on b-phone, hung up on b-phone", Caller, CallerPhone, DeviceEndReason.RemoteEnded)]
    [InlineData("answered on b-phone, declined on b-phone", Callee, CalleePhone, null)]
    [InlineData("answered on b-phone, declined on b-phone", Callee, CalleeTablet, DeviceEndReason.AnsweredElsewhere)]
    [InlineData("answered on b-phone, declined on b-phone", Caller, CallerPhone, DeviceEndReason.RemoteEnded)]
    // Answered on bob's phone, hung up by the app backend.
    [InlineData("answered on b-phone, hung up by backend", Callee, CalleePhone, DeviceEndReason.RemoteEnded)]
    [InlineData("answered on b-phone, hung up by backend", Callee, CalleeTablet, DeviceEndReason.AnsweredElsewhere)]
    public void For_EachCallOutcomeAndDevice_GivesContractReason(string scenario, string userId, string deviceId, DeviceEndReason? expected)
    {
        var call = Scenario(scenario);

        Assert.Equal(expected, DeviceEndReasons.For(call, userId, deviceId));
    }

    [Fact]
    public void For_WhenCallerDeviceSharesIdWithDecliningCalleeDevice_ReturnsRemoteEnded()
    {
        // Device ids are per user: alice's "phone" did not decline just because bob's "phone" did.
        var declined = Applied(CallMachine.Decline(Ringing().Build(), new Actor(ActorRole.Callee, Callee, "phone"), Meanwhile));

        Assert.Null(DeviceEndReasons.For(declined, Callee, "phone"));
        Assert.Equal(DeviceEndReason.RemoteEnded, DeviceEndReasons.For(declined, Caller, "phone"));
    }

    private static Call Scenario(string name)
    {
        var ringing = Ringing().Build();
        var later = Meanwhile.AddSeconds(20);
        Call Answered() => Applied(CallMachine.Answer(ringing, CalleeOnPhone, Meanwhile));

        return name switch
        {
            "ringing" => ringing,
            "answered on b-phone" => Answered(),
            "cancelled on a-phone" => Applied(CallMachine.End(ringing, CallerOnPhone, Meanwhile)),
            "cancelled by backend" => Applied(CallMachine.End(ringing, Actor.Backend, Meanwhile)),
            "declined on b-phone" => Applied(CallMachine.Decline(ringing, CalleeOnPhone, Meanwhile)),
            "declined by callee without device" => Applied(CallMachine.End(ringing, CalleeWithoutDevice, Meanwhile)),
            "busy" => Ringing().EndedAs(CallState.Declined, EndReason.Busy).Build(),
            "busy on b-phone" => Applied(CallMachine.Decline(ringing, CalleeOnPhone, Meanwhile, busy: true)),
            "missed" => Applied(CallMachine.Expire(ringing, RingUntil, calleeConnected: false)),
            "dnd" => Ringing().EndedAs(CallState.Missed, EndReason.Dnd).Build(),
            "unreachable after claim timeout" => Applied(CallMachine.Expire(ringing, ClaimUntil, calleeConnected: false)),
            "unreachable after push failed" => Applied(CallMachine.Unreachable(ringing, EndReason.PushFailed, Meanwhile)),
            "answered on b-phone, hung up on a-phone" => Applied(CallMachine.End(Answered(), CallerOnPhone, later)),
            "answered on b-phone, hung up on b-phone" => Applied(CallMachine.End(Answered(), CalleeOnPhone, later)),
            "answered on b-phone, declined on b-phone" => Applied(CallMachine.Decline(Answered(), CalleeOnPhone, later)),
            "answered on b-phone, hung up by backend" => Applied(CallMachine.End(Answered(), Actor.Backend, later)),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown scenario."),
        };
    }

    private static Call Applied(Transition transition)
    {
        Assert.True(transition.Applied, $"Setting up the scenario gave {transition.Outcome}.");
        return transition.Call;
    }
}
