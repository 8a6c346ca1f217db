using Ringwire.Client.CallKit;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Tests.Phone;

/// <summary>R2 (callservicesd's ~7 s check, 0xbaadca11) and R4 (strikes, block, reinstall), plus the debugger assumption.</summary>
public sealed class CallServicesRuleTests
{
    private const string BlockedLog =
        "Application com.example.app will not be launched because it failed to report an incoming call too many times (or repeatedly crashed.)";

    [Fact]
    public async Task R2_ADelegateBlockedPast7s_IsKilledWith0xbaadca11_AtExactly7s()
    {
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var bed = new PhoneBed(configure: app => app.OnPush = (a, push, _) =>
        {
            entered.TrySetResult();
            release.Wait(TestTimeout.Default);
            a.ReportFromPayload(push);
        });

        var delivering = bed.PushAsync();
        await entered.Task.WithTimeout();
        bed.Clock.Advance(TimeSpan.FromMilliseconds(6_999));
        Assert.Empty(bed.Phone.Crashes);
        bed.Clock.Advance(TimeSpan.FromMilliseconds(1));

        var crash = Assert.Single(bed.Phone.Crashes);
        Assert.Equal(CrashKind.CallServicesKill, crash.Crash);
        Assert.Equal("0xbaadca11", crash.Message);
        Assert.Equal(1, bed.Phone.Strikes);

        // The late report comes from a dead process: ignored, and PushKit's own check does not fire on a dead app.
        release.Set();
        await delivering;
        Assert.Single(bed.Phone.Crashes);
        Assert.Equal(1, bed.Phone.Strikes);
        Assert.Equal(0, bed.Count(PhoneEventKind.RingingStarted));
    }

    [Fact]
    public async Task R2_TheCheckDelay_IsASetting()
    {
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var bed = new PhoneBed(new VirtualIPhoneSettings { DaemonCheckDelay = TimeSpan.FromSeconds(2) }, app => app.OnPush = (_, _, _) =>
        {
            entered.TrySetResult();
            release.Wait(TestTimeout.Default);
        });

        var delivering = bed.PushAsync();
        await entered.Task.WithTimeout();
        bed.Clock.Advance(TimeSpan.FromSeconds(2));
        release.Set();
        await delivering;

        Assert.Equal(CrashKind.CallServicesKill, Assert.Single(bed.Phone.Crashes).Crash);
    }

    [Fact]
    public async Task R2_ReportThenEndAtOnce_PassesTheCheck()
    {
        await using var bed = new PhoneBed(configure: app => app.OnPush = (a, push, _) =>
        {
            var uuid = a.ReportFromPayload(push);
            a.Provider.ReportCallEnded(uuid, null, CallEndedReason.RemoteEnded);
        });

        var call = await bed.PushAsync();
        bed.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Empty(bed.Phone.Crashes);
        Assert.Equal(CallEndedReason.RemoteEnded, bed.Phone.EndOf(call)!.EndReason);
    }

    [Fact]
    public async Task R2_ALaunchThatHangs_IsKilledByTheDaemon()
    {
        // "failing to configure your PKPushRegistry delegate at launch ... can cause the second crash" (DTS 817976).
        using var release = new ManualResetEventSlim();
        var launching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var bed = new PhoneBed();
        bed.Phone.Install(system =>
        {
            launching.TrySetResult();
            release.Wait(TestTimeout.Default);
            return new TestApp(system);
        });

        var delivering = bed.PushAsync();
        await launching.Task.WithTimeout();
        bed.Clock.Advance(TimeSpan.FromSeconds(7));
        release.Set();
        await delivering;

        Assert.Equal("0xbaadca11", Assert.Single(bed.Phone.Crashes).Message);
    }

    [Fact]
    public async Task R4_FiveStrikes_BlockVoipDelivery_WithTheLogLine_UntilReinstall()
    {
        await using var bed = new PhoneBed(configure: app => app.OnPush = (_, _, _) => { });
        for (var i = 0; i < 5; i++)
        {
            await bed.PushAsync();
            bed.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(5, bed.Phone.Strikes);
        Assert.True(bed.Phone.IsVoipBlocked);
        Assert.Equal(BlockedLog, (await bed.WaitFor(PhoneEventKind.VoipBlocked)).Message);

        await bed.PushAsync();
        Assert.Equal(5, bed.Phone.VoipPushesDelivered);
        Assert.Equal(5, bed.Apps.Count);
        var dropped = Assert.Single(bed.Phone.Timeline.OfKind(PhoneEventKind.PushDropped));
        Assert.Equal(BlockedLog, dropped.Message);

        bed.Clock.Advance(TimeSpan.FromDays(30));
        await bed.PushAsync();
        Assert.Equal(5, bed.Phone.VoipPushesDelivered);

        bed.Phone.Reinstall();
        Assert.Equal(0, bed.Phone.Strikes);
        Assert.False(bed.Phone.IsVoipBlocked);
        bed.App.OnPush = (_, _, _) => { };
        await bed.PushAsync();
        Assert.Equal(6, bed.Phone.VoipPushesDelivered);
    }

    [Fact]
    public async Task R4_StrikesOutsideTheWindow_DoNotCount()
    {
        await using var bed = new PhoneBed(new VirtualIPhoneSettings { StrikeLimit = 3, StrikeWindow = TimeSpan.FromHours(1) }, app => app.OnPush = (_, _, _) => { });
        await bed.PushAsync();
        await bed.PushAsync();
        bed.Clock.Advance(TimeSpan.FromMinutes(61));

        await bed.PushAsync();
        Assert.Equal(1, bed.Phone.Strikes);
        Assert.False(bed.Phone.IsVoipBlocked);

        await bed.PushAsync();
        await bed.PushAsync();
        Assert.True(bed.Phone.IsVoipBlocked);
    }

    [Fact]
    public async Task R4_BlockExpiry_IsOptional()
    {
        await using var bed = new PhoneBed(new VirtualIPhoneSettings { StrikeLimit = 1, BlockExpiry = TimeSpan.FromHours(2) }, app => app.OnPush = (_, _, _) => { });
        await bed.PushAsync();
        Assert.True(bed.Phone.IsVoipBlocked);

        bed.Clock.Advance(TimeSpan.FromMinutes(119));
        await bed.PushAsync();
        Assert.Equal(1, bed.Phone.VoipPushesDelivered);

        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await bed.PushAsync();
        Assert.Equal(2, bed.Phone.VoipPushesDelivered);
        Assert.Equal(1, bed.Count(PhoneEventKind.VoipUnblocked));
    }

    [Fact]
    public async Task R4_AnUpdate_KeepsTheStrikes()
    {
        await using var bed = new PhoneBed(new VirtualIPhoneSettings { StrikeLimit = 1 }, app => app.OnPush = (_, _, _) => { });
        await bed.PushAsync();

        bed.Phone.Install(system => new TestApp(system));

        Assert.True(bed.Phone.IsVoipBlocked);
    }

    [Fact]
    public async Task Debugger_SuppressesBothKills_AndCountsNoStrike()
    {
        await using var bed = new PhoneBed(new VirtualIPhoneSettings { DebuggerAttached = true }, app => app.OnPush = (_, _, _) => { });

        await bed.PushAsync();
        bed.Clock.Advance(TimeSpan.FromSeconds(8));

        Assert.Empty(bed.Phone.Crashes);
        Assert.Equal(0, bed.Phone.Strikes);
        Assert.True(bed.Phone.IsAppRunning);
        Assert.Equal(CrashKind.NeverReportedException, (await bed.WaitFor(PhoneEventKind.TerminationSuppressed)).Crash);
    }
}
