using Ringwire.Client.CallKit;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Tests.Phone;

/// <summary>R9 (callservicesd reset) and R10 (audio activation, cellular hold and unhold).</summary>
public sealed class ResetAndAudioRuleTests
{
    [Fact]
    public async Task R9_Reset_TellsTheProvider_EndsEveryCallFailed_AndTheOldProviderGets2()
    {
        await using var bed = new PhoneBed();
        var call = await bed.PushAsync();

        bed.Phone.ResetDaemon();

        await bed.App.WaitForAsync("providerDidReset");
        var ended = bed.Phone.EndOf(call)!;
        Assert.Equal((CallEndedReason.Failed, PhoneActor.System), (ended.EndReason, ended.By));
        Assert.Empty(bed.Phone.LiveCalls);

        bed.App.Request(CallActionKind.Start, Guid.NewGuid());
        Assert.EndsWith("UnknownCallProvider", await bed.App.WaitForAsync("transaction"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task R9_AReportOnTheResetProvider_FailsAndDoesNotCount_SoThePushKills()
    {
        await using var bed = new PhoneBed();
        await bed.PushAsync();
        bed.Phone.ResetDaemon();
        await bed.App.WaitForAsync("providerDidReset");

        var call = await bed.PushAsync();

        // The completion (Unknown, 0) never runs: PushKit killed the app first, as the report did not count.
        var report = await bed.WaitFor(PhoneEventKind.IncomingCallReported, call);
        Assert.Equal(0, (int)report.IncomingError!.Value);
        Assert.Equal(CrashKind.NeverReportedException, Assert.Single(bed.Phone.Crashes).Crash);
    }

    [Fact]
    public async Task R9_ANewProvider_WorksAgain()
    {
        await using var bed = new PhoneBed();
        await bed.PushAsync();
        bed.Phone.ResetDaemon();
        await bed.App.WaitForAsync("providerDidReset");
        bed.App.Provider = bed.App.System.CreateProvider(bed.App.Configuration, bed.App);

        var call = await bed.PushAsync();
        bed.App.Request(CallActionKind.End, call);

        Assert.Equal($"reported {call} ok", await bed.App.WaitForAsync($"reported {call}"));
        Assert.Equal($"transaction End {call} ok", await bed.App.WaitForAsync("transaction"));
        Assert.Empty(bed.Phone.Crashes);
    }

    [Fact]
    public async Task R10_AudioIsActivatedByTheSystem_OnlyAfterTheAnswerIsFulfilled()
    {
        await using var bed = new PhoneBed();
        var call = await bed.PushAsync();
        bed.Phone.AnswerCall(call);
        await bed.App.WaitForAsync("perform Answer");
        await bed.SettleAsync();
        Assert.DoesNotContain("didActivate", bed.App.Log);

        bed.App.ActionFor(CallActionKind.Answer, call).Fulfill();

        await bed.App.WaitForAsync("didActivate");
        Assert.Equal(PhoneActor.System, (await bed.WaitFor(PhoneEventKind.AudioActivated)).By);
        Assert.Equal(RecentsKind.Incoming, await EndAndGetRecentsKind(bed, call));
    }

    [Fact]
    public async Task R10_ACellularCall_HoldsTheVoipCall_AndAUserEnd_ResumesItWithDidActivate()
    {
        await using var bed = await ConnectedAsync();
        var call = bed.Phone.LiveCalls.Single();

        bed.Phone.StartCellularCall();
        await bed.App.WaitForAsync("didDeactivate");
        Assert.Equal($"perform Hold {call}", bed.App.Log[^2]);
        Assert.Equal(1, bed.Count(PhoneEventKind.CallHeld));

        bed.Phone.EndCellularCall(byUser: true);

        await bed.App.WaitForAsync($"perform Unhold {call}");
        await bed.App.WaitForCountAsync("didActivate", 2);
        Assert.Null(bed.Phone.AudioSession.SetActive(true));
    }

    [Fact]
    public async Task R10_ARemoteEndOfTheCellularCall_LeavesItHeld_NoDidActivate_AndSetActiveFails561017449()
    {
        await using var bed = await ConnectedAsync();
        var call = bed.Phone.LiveCalls.Single();
        bed.Phone.StartCellularCall();
        await bed.App.WaitForAsync("didDeactivate");

        bed.Phone.EndCellularCall(byUser: false);
        await bed.SettleAsync();
        Assert.DoesNotContain(bed.App.Log, l => l.StartsWith("perform Unhold", StringComparison.Ordinal));

        bed.App.Request(CallActionKind.Unhold, call);
        await bed.App.WaitForAsync($"perform Unhold {call}");
        bed.App.ActionFor(CallActionKind.Unhold, call).Fulfill();
        await bed.WaitFor(PhoneEventKind.CallUnheld, call);
        await bed.SettleAsync();

        Assert.Single(bed.App.Log, "didActivate");
        var error = bed.Phone.AudioSession.SetActive(true);
        Assert.Equal(561017449, (int)error!.Value);
        Assert.Equal(AudioSessionError.InsufficientPriority, error);
    }

    private static async Task<PhoneBed> ConnectedAsync()
    {
        var bed = new PhoneBed(configure: app => app.OnAction = (_, action) => action.Fulfill());
        var call = await bed.PushAsync();
        bed.Phone.AnswerCall(call);
        await bed.App.WaitForAsync("didActivate");
        return bed;
    }

    private static async Task<RecentsKind> EndAndGetRecentsKind(PhoneBed bed, Guid call)
    {
        bed.App.Provider.ReportCallEnded(call, null, CallEndedReason.RemoteEnded);
        await bed.WaitFor(PhoneEventKind.RecentsEntryAdded, call);
        return Assert.Single(bed.Phone.Recents).Kind;
    }
}
