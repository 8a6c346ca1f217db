using Ringwire.Client.CallKit;
using Ringwire.Core;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Tests.Phone;

/// <summary>R6 (reportNewIncomingCall errors and UI), R7 (action timeouts), R8 (transaction validation order).</summary>
public sealed class CallKitRuleTests
{
    [Fact]
    public async Task R6_DoNotDisturb_Gives3_ShowsNothing_ButCountsAsReported()
    {
        await using var bed = new PhoneBed(new VirtualIPhoneSettings { DoNotDisturb = true });

        var call = await bed.PushAsync();
        bed.Clock.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal($"reported {call} FilteredByDoNotDisturb", await bed.App.WaitForAsync("reported"));
        Assert.Equal(3, (int)(await bed.WaitFor(PhoneEventKind.IncomingCallReported, call)).IncomingError!.Value);
        Assert.Empty(bed.Phone.RingingIntervals());
        Assert.Empty(bed.Phone.Crashes);
    }

    [Fact]
    public async Task R6_BlockedHandle_Gives4()
    {
        await using var bed = new PhoneBed(new VirtualIPhoneSettings { BlockedHandles = [new CallHandle(HandleType.Generic, "mallory")] });

        var call = await bed.PushAsync(callerHandle: "mallory");
        var other = await bed.PushAsync(callerHandle: "alice");

        Assert.Equal($"reported {call} FilteredByBlockList", await bed.App.WaitForAsync($"reported {call}"));
        Assert.Equal(4, (int)(await bed.WaitFor(PhoneEventKind.IncomingCallReported, call)).IncomingError!.Value);
        Assert.Equal($"reported {other} ok", await bed.App.WaitForAsync($"reported {other}"));
        Assert.Empty(bed.Phone.Crashes);
    }

    [Fact]
    public async Task R6_ExistingUuid_Gives2_AndRingsOnce()
    {
        await using var bed = new PhoneBed();
        var call = await bed.PushAsync();

        await bed.PushAsync(call);

        Assert.Equal($"reported {call} CallUuidAlreadyExists", await bed.App.WaitForAsync($"reported {call} C"));
        Assert.Single(bed.Phone.RingingIntervals(call));
        Assert.Empty(bed.Phone.Crashes);
    }

    [Fact]
    public async Task R6_TheCompletion_RunsLaterOnTheMainQueue_NeverInsideTheReport()
    {
        var inline = true;
        await using var bed = new PhoneBed(configure: app => app.OnPush = (a, push, _) =>
        {
            var returned = false;
            a.Provider.ReportNewIncomingCall(TestApp.CallUuidOf(push), new CallUpdate(), _ => inline = !returned);
            returned = true;
        });

        await bed.PushAsync();
        await bed.SettleAsync();

        Assert.False(inline);
    }

    [Fact]
    public async Task R6_AnEmptyHandle_IsADefect_ButTheCallStillRings()
    {
        await using var bed = new PhoneBed(configure: app => app.OnPush = (a, push, _) => a.ReportFromPayload(push, handle: ""));

        var call = await bed.PushAsync();

        await bed.WaitFor(PhoneEventKind.EmptyHandleDefect, call);
        Assert.Single(bed.Phone.RingingIntervals(call));
    }

    [Fact]
    public async Task R6_EndedFailedWhileRinging_ShowsCallFailed_StopsRinging_AndIsMissedInRecents()
    {
        await using var bed = new PhoneBed();
        var call = await bed.PushAsync();
        bed.Clock.Advance(TimeSpan.FromSeconds(3));

        bed.App.Provider.ReportCallEnded(call, null, CallEndedReason.Failed);

        await bed.WaitFor(PhoneEventKind.CallFailedShown, call);
        var ringing = Assert.Single(bed.Phone.RingingIntervals(call));
        Assert.Equal(TimeSpan.FromSeconds(3), ringing.Stop - ringing.Start);
        var ended = bed.Phone.EndOf(call)!;
        Assert.Equal((CallEndedReason.Failed, PhoneActor.App), (ended.EndReason, ended.By));
        var recent = Assert.Single(bed.Phone.Recents);
        Assert.Equal((call, RecentsKind.Missed, "Alice"), (recent.CallUuid, recent.Kind, recent.CallerName));
    }

    [Fact]
    public async Task R6_RemoteEnded_ShowsNoCallFailed_AndRecentsFollowTheProviderSetting()
    {
        await using var bed = new PhoneBed(configuration: new CallProviderConfiguration { IncludesCallsInRecents = false });
        var call = await bed.PushAsync();

        bed.App.Provider.ReportCallEnded(call, null, CallEndedReason.RemoteEnded);

        Assert.Equal(CallEndedReason.RemoteEnded, bed.Phone.EndOf(call)!.EndReason);
        Assert.Equal(0, bed.Count(PhoneEventKind.CallFailedShown));
        Assert.Empty(bed.Phone.Recents);
    }

    [Fact]
    public async Task R6_AnUpdate_ChangesOnlyTheFieldsThatAreSet()
    {
        await using var bed = new PhoneBed();
        var call = await bed.PushAsync();

        bed.App.Provider.ReportCallUpdated(call, new CallUpdate { LocalizedCallerName = "Alice Liddell" });

        var updated = await bed.WaitFor(PhoneEventKind.CallUpdated, call);
        Assert.Equal("Alice Liddell", updated.CallerName);
        Assert.Equal(new CallHandle(HandleType.Generic, "alice"), updated.Handle);
    }

    [Fact]
    public async Task R7_AnAnswerNeverFulfilled_TimesOut_EndsFailed_AndLaterFulfilIsIgnored()
    {
        await using var bed = new PhoneBed(new VirtualIPhoneSettings { ActionTimeout = TimeSpan.FromSeconds(10) });
        var call = await bed.PushAsync();
        var answeredAt = bed.Clock.GetUtcNow();

        Assert.True(bed.Phone.AnswerCall(call));
        await bed.App.WaitForAsync($"perform Answer {call}");
        var answer = bed.App.ActionFor(CallActionKind.Answer, call);
        Assert.Equal(answeredAt + TimeSpan.FromSeconds(10), answer.TimeoutAt);

        bed.Clock.Advance(TimeSpan.FromMilliseconds(9_999));
        Assert.False(answer.IsComplete);
        bed.Clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(CallActionResult.TimedOut, answer.Result);
        await bed.App.WaitForAsync($"timedOut Answer {call}");
        Assert.Equal(CallEndedReason.Failed, bed.Phone.EndOf(call)!.EndReason);
        await bed.WaitFor(PhoneEventKind.CallFailedShown, call);

        answer.Fulfill();
        await bed.SettleAsync();
        Assert.Equal(CallActionResult.TimedOut, answer.Result);
        Assert.Equal(0, bed.Count(PhoneEventKind.CallConnected));
        Assert.DoesNotContain("didActivate", bed.App.Log);
    }

    [Fact]
    public async Task R7_AFailedAnswer_ShowsCallFailed_AndAnEndActionFollows()
    {
        await using var bed = new PhoneBed();
        var call = await bed.PushAsync();
        bed.Phone.AnswerCall(call);
        await bed.App.WaitForAsync($"perform Answer {call}");

        bed.App.ActionFor(CallActionKind.Answer, call).Fail();

        await bed.App.WaitForAsync($"perform End {call}");
        await bed.WaitFor(PhoneEventKind.CallFailedShown, call);
        bed.App.ActionFor(CallActionKind.End, call).Fulfill();
        var ended = await bed.WaitFor(PhoneEventKind.CallEnded, call);
        Assert.Equal((CallEndedReason.Failed, PhoneActor.System), (ended.EndReason, ended.By));
    }

    [Fact]
    public async Task R7_Decline_IsAnEndAction_AndTheCallIsMissed()
    {
        await using var bed = new PhoneBed(configure: app =>
        {
            app.OnPush = (a, push, _) => a.ReportFromPayload(push);
            app.OnAction = (_, action) => action.Fulfill();
        });
        var call = await bed.PushAsync();

        Assert.True(bed.Phone.DeclineCall(call));

        Assert.Equal($"perform End {call}", await bed.App.WaitForAsync("perform"));
        var ended = await bed.WaitFor(PhoneEventKind.CallEnded, call);
        Assert.Equal((null, PhoneActor.User), (ended.EndReason, ended.By));
        Assert.Equal(RecentsKind.Missed, Assert.Single(bed.Phone.Recents).Kind);
    }

    [Fact]
    public async Task R8_NoProvider_Gives2_BeforeAnUnknownUuid()
    {
        await using var bed = new PhoneBed();
        await bed.Phone.Launch().WithTimeout();
        bed.App.Provider.Invalidate();

        bed.App.Request(CallActionKind.End, Guid.NewGuid());

        Assert.EndsWith("UnknownCallProvider", await bed.App.WaitForAsync("transaction"), StringComparison.Ordinal);
        Assert.Equal(2, (int)(await bed.WaitFor(PhoneEventKind.TransactionRequested)).TransactionError!.Value);
    }

    [Theory]
    [InlineData(CallActionKind.Answer)]
    [InlineData(CallActionKind.End)]
    [InlineData(CallActionKind.Hold)]
    [InlineData(CallActionKind.Unhold)]
    public async Task R8_AnUnknownCall_Gives4(CallActionKind kind)
    {
        await using var bed = new PhoneBed();
        await bed.Phone.Launch().WithTimeout();

        bed.App.Request(kind, Guid.NewGuid());

        Assert.Equal(4, (int)(await bed.WaitFor(PhoneEventKind.TransactionRequested)).TransactionError!.Value);
        Assert.EndsWith("UnknownCallUuid", await bed.App.WaitForAsync("transaction"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task R8_StartWithAnExistingUuid_Gives5_BeforeTheGroupLimit()
    {
        await using var bed = new PhoneBed(configuration: new CallProviderConfiguration { MaximumCallGroups = 1 });
        var call = await bed.PushAsync();

        bed.App.Request(CallActionKind.Start, call);

        Assert.Equal($"transaction Start {call} CallUuidAlreadyExists", await bed.App.WaitForAsync("transaction"));
        Assert.Equal(5, (int)(await bed.WaitFor(PhoneEventKind.TransactionRequested)).TransactionError!.Value);
    }

    [Fact]
    public async Task R8_StartBeyondMaximumCallGroups_Gives7()
    {
        await using var bed = new PhoneBed(configuration: new CallProviderConfiguration { MaximumCallGroups = 2 });
        await bed.PushAsync();
        await bed.PushAsync();

        var third = Guid.NewGuid();
        bed.App.Request(CallActionKind.Start, third);

        Assert.Equal($"transaction Start {third} MaximumCallGroupsReached", await bed.App.WaitForAsync("transaction"));
        Assert.Equal(7, (int)(await bed.WaitFor(PhoneEventKind.TransactionRequested)).TransactionError!.Value);
    }

    [Fact]
    public async Task R8_AValidTransaction_CompletesWithNoError_ThenReachesTheDelegate()
    {
        await using var bed = new PhoneBed(configure: app => app.OnAction = (_, action) => action.Fulfill());
        await bed.Phone.Launch().WithTimeout();
        var call = Guid.NewGuid();

        bed.App.Request(CallActionKind.Start, call);

        await bed.App.WaitForAsync("didActivate");
        Assert.Equal([$"transaction Start {call} ok", $"perform Start {call}", "didActivate"], bed.App.Log);

        bed.App.Request(CallActionKind.End, call);
        await bed.WaitFor(PhoneEventKind.CallEnded, call);
        Assert.Equal(RecentsKind.Outgoing, Assert.Single(bed.Phone.Recents).Kind);
    }
}
