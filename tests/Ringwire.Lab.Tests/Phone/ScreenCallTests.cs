using Ringwire.Client.CallKit;
using Ringwire.Core;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Tests.Phone;

/// <summary>What the phone's screen shows for each call, replayed from its timeline (<see cref="VirtualIPhone.ScreenCalls"/>).</summary>
public sealed class ScreenCallTests
{
    [Fact]
    public async Task IncomingCall_RingsAnsweringConnected_ThenEndsWithTheReasonTheAppReported()
    {
        await using var bed = new PhoneBed();
        var call = await bed.PushAsync();
        await bed.WaitFor(PhoneEventKind.RingingStarted, call);

        var ringing = Assert.Single(bed.Phone.ScreenCalls());
        Assert.Equal((call, true, ScreenCallState.Ringing, "Alice"), (ringing.CallUuid, ringing.Incoming, ringing.State, ringing.Display));

        bed.Phone.AnswerCall(call);
        await bed.App.WaitForAsync("perform Answer");
        Assert.Equal(ScreenCallState.Answering, Assert.Single(bed.Phone.ScreenCalls()).State);
        bed.App.ActionFor(CallActionKind.Answer, call).Fulfill();
        await bed.WaitFor(PhoneEventKind.CallConnected, call);
        Assert.Equal(ScreenCallState.Connected, Assert.Single(bed.Phone.ScreenCalls()).State);

        bed.App.Provider.ReportCallEnded(call, null, CallEndedReason.RemoteEnded);
        var ended = Assert.Single(bed.Phone.ScreenCalls());
        Assert.Equal((ScreenCallState.Ended, CallEndedReason.RemoteEnded, PhoneActor.App), (ended.State, ended.EndReason, ended.EndedBy));
    }

    [Fact]
    public async Task UserDeclines_EndsWithNoReason_ByTheUser()
    {
        await using var bed = new PhoneBed(configure: app => app.OnAction = (_, action) => action.Fulfill());
        var call = await bed.PushAsync();

        bed.Phone.DeclineCall(call);
        await bed.WaitFor(PhoneEventKind.CallEnded, call);

        var ended = Assert.Single(bed.Phone.ScreenCalls());
        Assert.Equal((ScreenCallState.Ended, null, PhoneActor.User), (ended.State, ended.EndReason, ended.EndedBy));
    }

    [Fact]
    public async Task OutgoingCall_StartsWithoutDisplay_ShowsTheHandleTheAppReported_ThenConnectsWhenReportedConnected()
    {
        await using var bed = new PhoneBed();
        var older = await bed.PushAsync();
        var call = Guid.NewGuid();

        bed.App.Request(CallActionKind.Start, call);
        await bed.App.WaitForAsync("perform Start");
        var starting = bed.Phone.ScreenCalls()[^1];
        Assert.Equal((call, false, ScreenCallState.Starting, (string?)null), (starting.CallUuid, starting.Incoming, starting.State, starting.Display));
        bed.App.Provider.ReportCallUpdated(call, new CallUpdate { RemoteHandle = new CallHandle(HandleType.Generic, "bob") });
        bed.App.ActionFor(CallActionKind.Start, call).Fulfill();
        await bed.App.WaitForAsync("didActivate");
        Assert.Equal(ScreenCallState.Starting, bed.Phone.ScreenCalls()[^1].State);
        bed.App.Provider.ReportOutgoingCallConnected(call, null);
        await bed.WaitFor(PhoneEventKind.CallConnected, call);

        Assert.Equal([older, call], bed.Phone.ScreenCalls().Select(c => c.CallUuid));
        Assert.Equal((ScreenCallState.Connected, "bob"), (bed.Phone.ScreenCalls()[^1].State, bed.Phone.ScreenCalls()[^1].Display));
    }

    [Fact]
    public async Task ReportRefusedByDoNotDisturb_NeverShowsOnScreen()
    {
        await using var bed = new PhoneBed(new VirtualIPhoneSettings { DoNotDisturb = true });

        var call = await bed.PushAsync();
        await bed.WaitFor(PhoneEventKind.IncomingCallReported, call);

        Assert.Empty(bed.Phone.ScreenCalls());
    }
}
