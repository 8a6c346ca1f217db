using System.Text;
using Ringwire.Lab.Apns;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Tests.Phone;

/// <summary>How pushes reach the phone: through a real simulator's inbox, alerts, offline, and the phone's own clock.</summary>
public sealed class PhoneFeedTests
{
    [Fact]
    public async Task APushSentToTheSimulator_RingsTheAttachedPhone()
    {
        await using var apns = await ApnsTestBed.StartAsync();
        var device = apns.AddDevice();
        await using var phone = new VirtualIPhone(apns.Time);
        var apps = new List<TestApp>();
        phone.Install(system =>
        {
            var app = new TestApp(system);
            apps.Add(app);
            return app;
        });
        phone.Attach(device);
        var call = Guid.NewGuid();
        var body = PhoneBed.Voip(call, apns.Time.GetUtcNow()).Payload.ToArray();

        var reply = await apns.SendAsync(new TestPush(device.Token) { Body = body, Expiration = "0", Priority = "10" });

        Assert.Equal(200, reply.Status);
        var ringing = await phone.Timeline.WaitForAsync(PhoneEventKind.RingingStarted, TestTimeout.Default, call);
        Assert.Equal("Alice", ringing.CallerName);
        Assert.Equal(1, phone.VoipPushesDelivered);
        Assert.Equal("push mustReport=True", Assert.Single(apps).Log[0]);

        phone.Online = false;
        Assert.False(device.Online);
    }

    [Fact]
    public async Task AnAlertPush_IsShownAsABanner_EvenWhenVoipIsBlocked()
    {
        await using var bed = new PhoneBed(new VirtualIPhoneSettings { StrikeLimit = 1 }, app => app.OnPush = (_, _, _) => { });
        await bed.PushAsync();
        var payload = """{"aps":{"alert":{"title":"Missed call","body":"Alice"},"sound":"default"},"ringwire":{"v":1,"callId":"c1","event":"missed"}}""";

        await bed.Phone.Deliver(new ApnsNotification(Guid.NewGuid(), "alert", "com.example.app", 10, null, "c1", Encoding.UTF8.GetBytes(payload), bed.Clock.GetUtcNow())).WithTimeout();

        Assert.Equal("banner: Missed call: Alice", (await bed.WaitFor(PhoneEventKind.AlertShown)).Detail);
    }

    [Fact]
    public async Task AnOfflinePhone_DropsWhatIsDeliveredToIt()
    {
        await using var bed = new PhoneBed();
        bed.Phone.Online = false;

        await bed.PushAsync();

        Assert.Equal(0, bed.Phone.VoipPushesDelivered);
        Assert.Contains("offline", (await bed.WaitFor(PhoneEventKind.PushDropped)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLocalClock_IsSkewed_ButTheTimelineUsesTrueTime()
    {
        await using var bed = new PhoneBed(new VirtualIPhoneSettings { ClockSkew = TimeSpan.FromSeconds(-90) });

        Assert.Equal(bed.Clock.GetUtcNow() - TimeSpan.FromSeconds(90), bed.Phone.LocalClock.GetUtcNow());
        bed.Phone.ClockSkew = TimeSpan.FromSeconds(5);
        Assert.Equal(bed.Clock.GetUtcNow() + TimeSpan.FromSeconds(5), bed.Phone.LocalClock.GetUtcNow());

        await bed.PushAsync();
        Assert.Equal(bed.Clock.GetUtcNow(), (await bed.WaitFor(PhoneEventKind.VoipPushDelivered)).At);
    }

    [Fact]
    public async Task TheTimeline_ReadsAsAStory()
    {
        await using var bed = new PhoneBed();
        var call = await bed.PushAsync();
        bed.Clock.Advance(TimeSpan.FromSeconds(2));
        bed.App.Provider.ReportCallEnded(call, null, Client.CallKit.CallEndedReason.RemoteEnded);

        var text = bed.Phone.Timeline.ToString();

        Assert.Contains("09:30:00.000 VoipPushDelivered", text, StringComparison.Ordinal);
        Assert.Contains("RingingStarted", text, StringComparison.Ordinal);
        Assert.Contains("09:30:02.000 CallEnded", text, StringComparison.Ordinal);
    }
}
