using Ringwire.Client.CallKit;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Tests.Phone;

/// <summary>
/// An outgoing call: started by a fulfilled start action, connecting, and connected only when the app reports it
/// (<c>reportOutgoingCall(with:startedConnectingAt:)</c> and <c>(with:connectedAt:)</c>, CXProvider.h).
/// </summary>
public sealed class OutgoingCallRuleTests
{
    [Fact]
    public async Task StartFulfilled_ActivatesAudio_ButTheCallIsNotConnected_UntilTheAppReportsIt()
    {
        await using var bed = FulfillingPhone();

        var call = await StartedCallAsync(bed);
        await bed.SettleAsync();

        Assert.Equal(0, bed.Count(PhoneEventKind.CallConnected));
        Assert.Equal(ScreenCallState.Starting, Assert.Single(bed.Phone.ScreenCalls()).State);

        bed.App.Provider.ReportOutgoingCallStartedConnecting(call, null);
        await bed.WaitFor(PhoneEventKind.OutgoingCallConnecting, call);
        Assert.Equal(0, bed.Count(PhoneEventKind.CallConnected));
        Assert.Equal(ScreenCallState.Starting, Assert.Single(bed.Phone.ScreenCalls()).State);

        bed.App.Provider.ReportOutgoingCallConnected(call, null);
        await bed.WaitFor(PhoneEventKind.CallConnected, call);
        Assert.Equal(ScreenCallState.Connected, Assert.Single(bed.Phone.ScreenCalls()).State);
        Assert.Single(bed.App.Log, "didActivate");
    }

    [Fact]
    public async Task ConnectedReport_StartsTheRecentsDuration_NotTheStart()
    {
        await using var bed = FulfillingPhone();
        var call = await StartedCallAsync(bed);
        bed.App.Provider.ReportOutgoingCallStartedConnecting(call, null);

        bed.Clock.Advance(TimeSpan.FromSeconds(12));
        bed.App.Provider.ReportOutgoingCallConnected(call, null);
        bed.Clock.Advance(TimeSpan.FromSeconds(30));
        bed.App.Provider.ReportCallEnded(call, null, CallEndedReason.RemoteEnded);

        var recent = Assert.Single(bed.Phone.Recents);
        Assert.Equal((RecentsKind.Outgoing, TimeSpan.FromSeconds(30)), (recent.Kind, recent.Duration));
    }

    [Fact]
    public async Task ConnectedReport_WithADate_CountsFromThatDate_OnThePhonesOwnClock()
    {
        await using var bed = FulfillingPhone(new VirtualIPhoneSettings { ClockSkew = TimeSpan.FromHours(1) });
        var call = await StartedCallAsync(bed);

        bed.App.Provider.ReportOutgoingCallConnected(call, bed.Phone.LocalClock.GetUtcNow() - TimeSpan.FromSeconds(5));
        bed.Clock.Advance(TimeSpan.FromSeconds(10));
        bed.App.Provider.ReportCallEnded(call, null, CallEndedReason.RemoteEnded);

        Assert.Equal(TimeSpan.FromSeconds(15), Assert.Single(bed.Phone.Recents).Duration);
    }

    [Fact]
    public async Task NeverConnected_EndsWithoutADuration_AndItsAudioIsDeactivated()
    {
        await using var bed = FulfillingPhone();
        var call = await StartedCallAsync(bed);
        bed.App.Provider.ReportOutgoingCallStartedConnecting(call, null);
        bed.Clock.Advance(TimeSpan.FromSeconds(45));

        bed.App.Provider.ReportCallEnded(call, null, CallEndedReason.Unanswered);

        await bed.App.WaitForAsync("didDeactivate");
        Assert.Equal(0, bed.Count(PhoneEventKind.CallConnected));
        var recent = Assert.Single(bed.Phone.Recents);
        Assert.Equal((RecentsKind.Outgoing, (TimeSpan?)null), (recent.Kind, recent.Duration));
    }

    [Fact]
    public async Task ConnectedReport_WhileTheStartIsPending_ConnectsWhenTheStartIsFulfilled()
    {
        await using var bed = new PhoneBed();
        await bed.Phone.Launch().WithTimeout();
        var call = Guid.NewGuid();
        bed.App.Request(CallActionKind.Start, call);
        await bed.App.WaitForAsync($"perform Start {call}");

        bed.App.Provider.ReportOutgoingCallConnected(call, null);
        Assert.Equal(0, bed.Count(PhoneEventKind.CallConnected));
        bed.App.ActionFor(CallActionKind.Start, call).Fulfill();

        await bed.WaitFor(PhoneEventKind.CallConnected, call);
        await bed.App.WaitForAsync("didActivate");
        Assert.Equal(ScreenCallState.Connected, Assert.Single(bed.Phone.ScreenCalls()).State);
    }

    [Fact]
    public async Task Reports_ForAnUnknownUuid_AreIgnored_AsCallKitHasNoErrorForThem()
    {
        await using var bed = new PhoneBed();
        await bed.Phone.Launch().WithTimeout();
        var unknown = Guid.NewGuid();

        bed.App.Provider.ReportOutgoingCallStartedConnecting(unknown, null);
        bed.App.Provider.ReportOutgoingCallConnected(unknown, null);

        Assert.Equal(2, bed.Phone.Timeline.Events.Count(e => e.Kind == PhoneEventKind.IgnoredCall && e.CallUuid == unknown));
        Assert.Equal(0, bed.Count(PhoneEventKind.CallConnected));
        Assert.Empty(bed.Phone.ScreenCalls());
        Assert.Empty(bed.Phone.Crashes);
    }

    [Fact]
    public async Task ConnectedReport_ForAnIncomingCall_IsIgnored_ItStillRings()
    {
        await using var bed = new PhoneBed();
        var call = await bed.PushAsync();

        bed.App.Provider.ReportOutgoingCallConnected(call, null);

        Assert.Contains(bed.Phone.Timeline.Events, e => e.Kind == PhoneEventKind.IgnoredCall && e.CallUuid == call);
        Assert.Equal(0, bed.Count(PhoneEventKind.CallConnected));
        Assert.Equal(ScreenCallState.Ringing, Assert.Single(bed.Phone.ScreenCalls()).State);
        Assert.Null(Assert.Single(bed.Phone.RingingIntervals(call)).Stop);
    }

    [Fact]
    public async Task ASecondConnectedReport_IsIgnored_TheCallConnectsOnce()
    {
        await using var bed = FulfillingPhone();
        var call = await StartedCallAsync(bed);

        bed.App.Provider.ReportOutgoingCallConnected(call, null);
        bed.App.Provider.ReportOutgoingCallConnected(call, null);
        bed.App.Provider.ReportOutgoingCallStartedConnecting(call, null);

        Assert.Equal(1, bed.Count(PhoneEventKind.CallConnected));
        Assert.Equal(2, bed.Phone.Timeline.Events.Count(e => e.Kind == PhoneEventKind.IgnoredCall && e.CallUuid == call));
    }

    [Fact]
    public async Task R10_ACellularCall_HoldsACallStillCalling_AndUnholdingItDoesNotConnectIt()
    {
        await using var bed = FulfillingPhone();
        var call = await StartedCallAsync(bed);

        bed.Phone.StartCellularCall();
        await bed.App.WaitForAsync("didDeactivate");
        Assert.Equal(ScreenCallState.Held, Assert.Single(bed.Phone.ScreenCalls()).State);
        bed.Phone.EndCellularCall(byUser: true);
        await bed.App.WaitForCountAsync("didActivate", 2);

        Assert.Equal(0, bed.Count(PhoneEventKind.CallConnected));
        Assert.Equal(ScreenCallState.Starting, Assert.Single(bed.Phone.ScreenCalls()).State);
        bed.App.Provider.ReportOutgoingCallConnected(call, null);
        Assert.Equal(ScreenCallState.Connected, Assert.Single(bed.Phone.ScreenCalls()).State);
    }

    [Fact]
    public async Task ConnectedReport_WhileHeld_ConnectsTheCall_ButLeavesItHeld_UntilUnheld()
    {
        await using var bed = FulfillingPhone();
        var call = await StartedCallAsync(bed);
        bed.App.Request(CallActionKind.Hold, call);
        await bed.WaitFor(PhoneEventKind.CallHeld, call);

        bed.App.Provider.ReportOutgoingCallConnected(call, null);

        await bed.WaitFor(PhoneEventKind.CallConnected, call);
        Assert.Equal(ScreenCallState.Held, Assert.Single(bed.Phone.ScreenCalls()).State);
        bed.App.Request(CallActionKind.Unhold, call);
        await bed.WaitFor(PhoneEventKind.CallUnheld, call);
        Assert.Equal(ScreenCallState.Connected, Assert.Single(bed.Phone.ScreenCalls()).State);
    }

    /// <summary>A phone whose app fulfils every action CallKit sends it.</summary>
    private static PhoneBed FulfillingPhone(VirtualIPhoneSettings? settings = null) =>
        new(settings, app => app.OnAction = (_, action) => action.Fulfill());

    /// <summary>Launches the app and has it start an outgoing call; returns once the call's audio is active.</summary>
    private static async Task<Guid> StartedCallAsync(PhoneBed bed)
    {
        await bed.Phone.Launch().WithTimeout();
        var call = Guid.NewGuid();
        bed.App.Request(CallActionKind.Start, call);
        await bed.App.WaitForAsync("didActivate");
        return call;
    }
}
