using Ringwire.Client.CallKit;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Tests.Phone;

/// <summary>R1 (report before the delegate returns), R3 (completion not checked), R5 (exemptions and mustReport).</summary>
public sealed class PushKitRuleTests
{
    private const string NeverReported =
        "Killing app because it never posted an incoming call to the system after receiving a PushKit VoIP push.";

    private static VirtualIPhoneSettings Old => new() { Version = IosVersion.Before26_4 };

    [Fact]
    public async Task R1_UnreportedPush_KillsTheAppWithTheExactException_AndCountsAStrike()
    {
        await using var bed = new PhoneBed(Old, app => app.OnPush = (_, _, completion) => completion());

        await bed.PushAsync();

        var crash = Assert.Single(bed.Phone.Crashes);
        Assert.Equal(CrashKind.NeverReportedException, crash.Crash);
        Assert.Equal(NeverReported, crash.Message);
        Assert.Contains("NSInternalInconsistencyException", crash.Detail, StringComparison.Ordinal);
        Assert.Equal(1, bed.Phone.Strikes);
        Assert.False(bed.Phone.IsAppRunning);
        Assert.Equal("push mustReport=null", bed.App.Log[0]);

        // The next push cold-launches a new instance.
        await bed.PushAsync();
        Assert.Equal(2, bed.Apps.Count);
        Assert.Equal(2, bed.Count(PhoneEventKind.AppLaunched));
    }

    [Fact]
    public async Task R1_OnIos26_4_MustReportTrue_AndUnreported_Kills()
    {
        await using var bed = new PhoneBed(configure: app => app.OnPush = (_, _, _) => { });

        await bed.PushAsync();

        Assert.Equal("push mustReport=True", bed.App.Log[0]);
        Assert.Equal(NeverReported, Assert.Single(bed.Phone.Crashes).Message);
    }

    [Fact]
    public async Task R1_ReportedBeforeReturning_DoesNotKill_AndRings()
    {
        await using var bed = new PhoneBed(Old);

        var call = await bed.PushAsync();
        bed.Clock.Advance(TimeSpan.FromSeconds(8));

        Assert.Empty(bed.Phone.Crashes);
        Assert.Equal(0, bed.Phone.Strikes);
        Assert.True(bed.Phone.IsAppRunning);
        Assert.Equal($"reported {call} ok", await bed.App.WaitForAsync("reported"));
        Assert.Equal("Alice", (await bed.WaitFor(PhoneEventKind.RingingStarted, call)).CallerName);
    }

    [Fact]
    public async Task R1_AKilledInstance_IsDead_ItsProviderIsIgnored_AndItsCallsEnded()
    {
        await using var bed = new PhoneBed(Old);
        var first = await bed.PushAsync();
        var firstApp = bed.App;
        firstApp.OnPush = (_, _, _) => { };

        await bed.PushAsync();
        Assert.Single(bed.Phone.Crashes);
        var ended = await bed.WaitFor(PhoneEventKind.CallEnded, first);
        Assert.Equal((CallEndedReason.Failed, PhoneActor.System), (ended.EndReason, ended.By));

        firstApp.Report(Guid.NewGuid(), new CallUpdate());
        await bed.SettleAsync();
        Assert.DoesNotContain(firstApp.Log, l => l.StartsWith("reported", StringComparison.Ordinal) && !l.Contains(first.ToString(), StringComparison.Ordinal));
        Assert.Equal(1, bed.Count(PhoneEventKind.RingingStarted));
    }

    [Fact]
    public async Task R3_CompletionNeverCalled_ButReported_IsFine()
    {
        await using var bed = new PhoneBed(configure: app => app.OnPush = (a, push, _) => a.ReportFromPayload(push));

        await bed.PushAsync();
        bed.Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Empty(bed.Phone.Crashes);
        Assert.Equal(0, bed.Count(PhoneEventKind.VoipPushCompletionCalled));
    }

    [Fact]
    public async Task R3_CompletionCalled_WithoutReport_StillKills()
    {
        await using var bed = new PhoneBed(configure: app => app.OnPush = (_, _, completion) => completion());

        await bed.PushAsync();

        Assert.Equal(1, bed.Count(PhoneEventKind.VoipPushCompletionCalled));
        Assert.Equal(NeverReported, Assert.Single(bed.Phone.Crashes).Message);
    }

    [Theory]
    [InlineData(IosVersion.Before26_4, "push mustReport=null")]
    [InlineData(IosVersion.From26_4, "push mustReport=False")]
    public async Task R5_Foreground_IsExempt_OnEveryVersion(IosVersion version, string expected)
    {
        await using var bed = new PhoneBed(new VirtualIPhoneSettings { Version = version, Foreground = true }, app => app.OnPush = (_, _, _) => { });
        await bed.Phone.Launch().WithTimeout();

        await bed.PushAsync();
        bed.Clock.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal(expected, bed.App.Log.Single(l => l.StartsWith("push", StringComparison.Ordinal)));
        Assert.Empty(bed.Phone.Crashes);
        Assert.Equal(0, bed.Phone.Strikes);
    }

    [Fact]
    public async Task R5_ForegroundSetting_DoesNotCount_WhenThePushColdLaunchesTheApp()
    {
        // Daemon view: an app that is not running is not in the foreground, whatever the setting says.
        await using var bed = new PhoneBed(new VirtualIPhoneSettings { Foreground = true }, app => app.OnPush = (_, _, _) => { });

        await bed.PushAsync();

        Assert.Equal("push mustReport=True", bed.App.Log[0]);
        Assert.Single(bed.Phone.Crashes);
    }

    [Theory]
    [InlineData(IosVersion.Before26_4, "push mustReport=null")]
    [InlineData(IosVersion.From26_4, "push mustReport=False")]
    public async Task R5_AnActiveCall_IsExempt(IosVersion version, string expected)
    {
        await using var bed = new PhoneBed(new VirtualIPhoneSettings { Version = version });
        var first = await bed.PushAsync();
        Assert.True(bed.Phone.AnswerCall(first));
        await bed.App.WaitForAsync("perform Answer");
        bed.App.ActionFor(CallActionKind.Answer, first).Fulfill();
        await bed.WaitFor(PhoneEventKind.CallConnected, first);
        bed.App.OnPush = (_, _, _) => { };

        await bed.PushAsync();
        bed.Clock.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal(expected, bed.App.Log.Last(l => l.StartsWith("push", StringComparison.Ordinal)));
        Assert.Empty(bed.Phone.Crashes);
    }

    [Fact]
    public async Task R5_ARingingCall_IsNotAnActiveCall()
    {
        await using var bed = new PhoneBed();
        await bed.PushAsync();
        bed.App.OnPush = (_, _, _) => { };

        await bed.PushAsync();

        Assert.Equal("push mustReport=True", bed.App.Log.Last(l => l.StartsWith("push", StringComparison.Ordinal)));
        Assert.Single(bed.Phone.Crashes);
    }

    [Fact]
    public async Task R5_OldPush_OnIos26_4_MustReportFalse_NoKill()
    {
        await using var bed = new PhoneBed(new VirtualIPhoneSettings { MustReportAgeThreshold = TimeSpan.FromSeconds(20) }, app => app.OnPush = (_, _, _) => { });

        await bed.PushAsync(age: TimeSpan.FromSeconds(20));
        Assert.Equal("push mustReport=True", bed.App.Log[0]);
        Assert.Single(bed.Phone.Crashes);

        await bed.PushAsync(age: TimeSpan.FromSeconds(21));
        bed.Clock.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal("push mustReport=False", bed.App.Log[0]);
        Assert.Single(bed.Phone.Crashes);
    }

    [Fact]
    public async Task R5_OldPush_BeforeIos26_4_MustStillBeReported()
    {
        await using var bed = new PhoneBed(Old, app => app.OnPush = (_, _, _) => { });

        await bed.PushAsync(age: TimeSpan.FromMinutes(5));

        Assert.Equal(NeverReported, Assert.Single(bed.Phone.Crashes).Message);
    }

    [Fact]
    public async Task R5_ReportingTheExistingCallsUuid_Gets2_AndCountsAsReported()
    {
        await using var bed = new PhoneBed(Old);
        var first = await bed.PushAsync();
        bed.App.OnPush = (app, _, _) => app.Report(first, new CallUpdate());

        await bed.PushAsync();
        bed.Clock.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal($"reported {first} CallUuidAlreadyExists", await bed.App.WaitForAsync($"reported {first} CallUuidAlreadyExists"));
        Assert.Equal(2, (int)bed.Phone.Timeline.OfKind(PhoneEventKind.IncomingCallReported)[1].IncomingError!.Value);
        Assert.Empty(bed.Phone.Crashes);
        Assert.Equal(1, bed.Count(PhoneEventKind.RingingStarted));
    }
}
