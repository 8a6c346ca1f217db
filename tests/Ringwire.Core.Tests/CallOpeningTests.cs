using System.Text.Json;
using static Ringwire.Core.Tests.CallBuilder;

namespace Ringwire.Core.Tests;

public sealed class CallOpeningTests
{
    private static readonly RingingRules Rules = new();

    private static readonly CallRequest Request = new()
    {
        From = Caller,
        To = Callee,
        CallerName = "Alice",
        CallerHandle = "+15551234567",
        HandleType = HandleType.PhoneNumber,
        Video = true,
        RingSeconds = 30,
        Metadata = """{"room":"r1"}""",
    };

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Open_WithBlankCallerName_HasNoCallerName(string name)
    {
        var call = CallOpening.Open(CallId, Request with { CallerName = name }, new CalleeSituation([Iphone(CalleePhone)]), Rules, CreatedAt);

        Assert.Null(call.CallerName);
    }

    [Fact]
    public void Open_WhenCalleeReachable_RingsWithRequestFieldsAndDeadlines()
    {
        var call = Open(new CalleeSituation([Iphone(CalleePhone)]));

        Assert.Equal(CallState.Ringing, call.State);
        Assert.Equal(CallId, call.CallId);
        Assert.Equal(Caller, call.From);
        Assert.Equal(Callee, call.To);
        Assert.Equal("Alice", call.CallerName);
        Assert.Equal("+15551234567", call.CallerHandle);
        Assert.Equal(HandleType.PhoneNumber, call.HandleType);
        Assert.True(call.Video);
        Assert.Equal("""{"room":"r1"}""", call.Metadata);
        Assert.Equal(1, call.Version);
        Assert.Equal(CreatedAt, call.CreatedAt);
        Assert.Equal(CreatedAt.AddSeconds(30), call.RingUntil);
        Assert.Equal(CreatedAt.AddSeconds(10), call.ClaimUntil);
        Assert.Null(call.EndReason);
        Assert.Null(call.EndedAt);
        Assert.Null(call.AnsweredBy);
    }

    [Fact]
    public void Open_WithoutRingSeconds_RingsForRulesDefault()
    {
        var rules = new RingingRules { DefaultRingSeconds = 60, ClaimTimeout = TimeSpan.FromSeconds(7) };

        var call = CallOpening.Open(CallId, Request with { RingSeconds = null }, new CalleeSituation([Iphone(CalleePhone)]), rules, CreatedAt);

        Assert.Equal(CreatedAt.AddSeconds(60), call.RingUntil);
        Assert.Equal(CreatedAt.AddSeconds(7), call.ClaimUntil);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Open_WithoutCallerHandle_UsesFrom(string? handle)
    {
        var call = Open(new CalleeSituation([Iphone(CalleePhone)]), Request with { CallerHandle = handle });

        Assert.Equal(Caller, call.CallerHandle);
    }

    [Fact]
    public void Open_WhenCallerBlocked_EndsUnreachableNoDevicesWithNoLegs()
    {
        var call = Open(new CalleeSituation([Iphone(CalleePhone), Android(CalleeTablet)], CallerBlocked: true, AnyDeviceConnected: true));

        Assert.Equal(CallState.Unreachable, call.State);
        Assert.Equal(EndReason.NoDevices, call.EndReason);
        Assert.Empty(call.Legs);
        Assert.Equal(CreatedAt, call.EndedAt);
        Assert.Equal(1, call.Version);
    }

    [Theory]
    [InlineData(false, false, BusyPolicy.Ring)]
    [InlineData(true, false, BusyPolicy.Ring)]
    [InlineData(false, true, BusyPolicy.Reject)]
    [InlineData(true, true, BusyPolicy.Reject)]
    public void Open_WhenCallerBlocked_LooksExactlyLikeCalleeWithNoDevices(bool inDnd, bool inAnsweredCall, BusyPolicy busyPolicy)
    {
        var rules = Rules with { BusyPolicy = busyPolicy };
        var blocked = new CalleeSituation(
            [Iphone(CalleePhone), Android(CalleeTablet), Web("b-web")],
            CallerBlocked: true, InDnd: inDnd, InAnsweredCall: inAnsweredCall, AnyDeviceConnected: true);

        var whenBlocked = CallOpening.Open(CallId, Request, blocked, rules, CreatedAt);
        var withoutDevices = CallOpening.Open(CallId, Request, new CalleeSituation([]), rules, CreatedAt);

        Assert.Equal(JsonSerializer.Serialize(withoutDevices), JsonSerializer.Serialize(whenBlocked));
    }

    [Fact]
    public void Open_WhenCalleeInDnd_EndsMissedDndWithLegsSkipped()
    {
        var call = Open(new CalleeSituation([Iphone(CalleePhone), Android(CalleeTablet), Web("b-web")], InDnd: true, AnyDeviceConnected: true));

        Assert.Equal(CallState.Missed, call.State);
        Assert.Equal(EndReason.Dnd, call.EndReason);
        Assert.Equal(CreatedAt, call.EndedAt);
        Assert.Equal<Leg>(
            [
                new Leg(CalleePhone, Platform.Ios, PushStatus.Skipped),
                new Leg(CalleeTablet, Platform.Android, PushStatus.Skipped),
                new Leg("b-web", Platform.Web, PushStatus.Skipped),
            ],
            call.Legs);
    }

    [Fact]
    public void Open_WhenCalleeBusyAndPolicyRejects_EndsDeclinedBusyWithLegsSkipped()
    {
        var call = Open(
            new CalleeSituation([Iphone(CalleePhone), Android(CalleeTablet)], InAnsweredCall: true, AnyDeviceConnected: true),
            rules: Rules with { BusyPolicy = BusyPolicy.Reject });

        Assert.Equal(CallState.Declined, call.State);
        Assert.Equal(EndReason.Busy, call.EndReason);
        Assert.Equal(CreatedAt, call.EndedAt);
        Assert.All(call.Legs, l => Assert.Equal(PushStatus.Skipped, l.Push));
        Assert.Equal<string>([CalleePhone, CalleeTablet], call.Legs.Select(l => l.DeviceId));
    }

    [Fact]
    public void Open_WhenCalleeBusyAndPolicyRings_Rings()
    {
        var call = Open(
            new CalleeSituation([Iphone(CalleePhone)], InAnsweredCall: true, AnyDeviceConnected: true),
            rules: Rules with { BusyPolicy = BusyPolicy.Ring });

        Assert.Equal(CallState.Ringing, call.State);
        Assert.Null(call.EndReason);
        Assert.Equal<Leg>([new Leg(CalleePhone, Platform.Ios, PushStatus.Pending)], call.Legs);
    }

    [Fact]
    public void Open_WhenCalleeHasNoDevices_EndsUnreachableNoDevices()
    {
        var call = Open(new CalleeSituation([]));

        Assert.Equal(CallState.Unreachable, call.State);
        Assert.Equal(EndReason.NoDevices, call.EndReason);
        Assert.Equal(CreatedAt, call.EndedAt);
        Assert.Empty(call.Legs);
    }

    [Fact]
    public void Open_WhenOnlyWebDevicesAndNoneConnected_EndsUnreachableNoDevices()
    {
        var call = Open(new CalleeSituation([Web("b-web"), Web("b-laptop")], AnyDeviceConnected: false));

        Assert.Equal(CallState.Unreachable, call.State);
        Assert.Equal(EndReason.NoDevices, call.EndReason);
        Assert.All(call.Legs, l => Assert.Equal(PushStatus.None, l.Push));
    }

    [Fact]
    public void Open_WhenNoDeviceHasWakeTokenAndNoneConnected_EndsUnreachableNoDevices()
    {
        // An alert token cannot wake an app for a call, nor can a token of the other platform.
        var iphoneWithAlertTokenOnly = Iphone(CalleePhone, voipToken: null) with { AlertToken = "alert" };
        var androidWithVoipTokenOnly = Android(CalleeTablet, fcmToken: null) with { VoipToken = "voip" };

        var call = Open(new CalleeSituation([iphoneWithAlertTokenOnly, androidWithVoipTokenOnly]));

        Assert.Equal(CallState.Unreachable, call.State);
        Assert.Equal(EndReason.NoDevices, call.EndReason);
        Assert.All(call.Legs, l => Assert.Equal(PushStatus.None, l.Push));
    }

    [Fact]
    public void Open_WhenWebDeviceConnected_Rings()
    {
        var call = Open(new CalleeSituation([Web("b-web")], AnyDeviceConnected: true));

        Assert.Equal(CallState.Ringing, call.State);
        Assert.Equal<Leg>([new Leg("b-web", Platform.Web, PushStatus.None)], call.Legs);
    }

    [Fact]
    public void Open_WithMixedDevices_MarksPushPendingOnlyWhereAWakeTokenExists()
    {
        var call = Open(new CalleeSituation(
        [
            Iphone("ios-voip"),
            Iphone("ios-no-voip", voipToken: null) with { AlertToken = "alert", FcmToken = "fcm" },
            Android("android-fcm"),
            Android("android-no-fcm", fcmToken: null) with { VoipToken = "voip" },
            Web("web"),
        ]));

        Assert.Equal(CallState.Ringing, call.State);
        Assert.Equal<Leg>(
            [
                new Leg("ios-voip", Platform.Ios, PushStatus.Pending),
                new Leg("ios-no-voip", Platform.Ios, PushStatus.None),
                new Leg("android-fcm", Platform.Android, PushStatus.Pending),
                new Leg("android-no-fcm", Platform.Android, PushStatus.None),
                new Leg("web", Platform.Web, PushStatus.None),
            ],
            call.Legs);
    }

    private static Call Open(CalleeSituation callee, CallRequest? request = null, RingingRules? rules = null) =>
        CallOpening.Open(CallId, request ?? Request, callee, rules ?? Rules, CreatedAt);

    private static Device Iphone(string deviceId, string? voipToken = "voip-token") => new()
    {
        UserId = Callee,
        DeviceId = deviceId,
        Platform = Platform.Ios,
        VoipToken = voipToken,
        RegisteredAt = CreatedAt.AddDays(-1),
        UpdatedAt = CreatedAt.AddDays(-1),
    };

    private static Device Android(string deviceId, string? fcmToken = "fcm-token") => new()
    {
        UserId = Callee,
        DeviceId = deviceId,
        Platform = Platform.Android,
        FcmToken = fcmToken,
        RegisteredAt = CreatedAt.AddDays(-1),
        UpdatedAt = CreatedAt.AddDays(-1),
    };

    private static Device Web(string deviceId) => new()
    {
        UserId = Callee,
        DeviceId = deviceId,
        Platform = Platform.Web,
        RegisteredAt = CreatedAt.AddDays(-1),
        UpdatedAt = CreatedAt.AddDays(-1),
    };
}
