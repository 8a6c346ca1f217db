using Ringwire.Client.CallKit;
using Ringwire.Core;

namespace Ringwire.Client.Tests;

/// <summary>Rule 1: what the device tells the system before the push handler returns, for each kind of push.</summary>
public sealed class PushDecisionTests
{
    private static CallEvent Event(Guid callId, int version, CallState state, string? answeredBy = null, DeviceEndReason? endReason = null) =>
        new(state.ToString().ToLowerInvariant(), new CallSnapshot
        {
            CallId = callId,
            From = "alice",
            To = "bob",
            State = state,
            Version = version,
            AnsweredBy = answeredBy,
            RingUntil = DateTimeOffset.UtcNow.AddSeconds(45),
        }, endReason);

    private static bool Receive(RingwireDevice device, FakeCallSystem system, Client.PushKit.VoipPush push)
    {
        var reportsAtCompletion = -1;
        device.DidReceiveIncomingVoipPush(push, () => reportsAtCompletion = system.Current.Reports.Count);
        return reportsAtCompletion > 0;
    }

    [Fact]
    public async Task Push_Normal_ReportsCallIdAsUuidWithNameAndHandle_BeforeReturning()
    {
        var (device, system, _) = Devices.Offline();
        await using var _device = device;
        var callId = Guid.NewGuid();

        var reportedBeforeCompletion = Receive(device, system, Pushes.For(callId, callerName: "Alice A.", callerHandle: "+15551234"));

        Assert.True(reportedBeforeCompletion);
        var report = Assert.Single(system.Current.Reports);
        Assert.Equal(callId, report.Uuid);
        Assert.Equal("Alice A.", report.Update.LocalizedCallerName);
        Assert.Equal("+15551234", report.Update.RemoteHandle!.Value);
        Assert.Null(report.Error);
        Assert.Empty(system.Current.Ends);
        Assert.Equal(DeviceCallState.Ringing, Assert.Single(device.Calls).State);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Push_WithoutHandle_FallsBackToCallerId(string? handle)
    {
        var (device, system, _) = Devices.Offline();
        await using var _device = device;

        Receive(device, system, Pushes.For(Guid.NewGuid(), from: "alice", callerHandle: handle));

        Assert.Equal("alice", Assert.Single(system.Current.Reports).Update.RemoteHandle!.Value);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"ringwire\":{\"callId\":\"nope\",\"from\":\"alice\"}}")]
    [InlineData("[1,2]")]
    public async Task Push_Unreadable_IsReportedWithPlaceholderThenEndedFailed(string body)
    {
        var (device, system, _) = Devices.Offline();
        await using var _device = device;

        var reportedBeforeCompletion = Receive(device, system, Pushes.Raw(body));

        Assert.True(reportedBeforeCompletion);
        var report = Assert.Single(system.Current.Reports);
        Assert.NotEqual(Guid.Empty, report.Uuid);
        Assert.Equal("Unknown", report.Update.RemoteHandle!.Value);
        Assert.Equal((report.Uuid, CallEndedReason.Failed), Assert.Single(system.Current.Ends));
    }

    [Fact]
    public async Task Push_WithReadableCallIdButBrokenBody_UsesTheCallIdAsUuid()
    {
        var (device, system, _) = Devices.Offline();
        await using var _device = device;
        var callId = Guid.NewGuid();

        Receive(device, system, Pushes.Raw($"{{\"ringwire\":{{\"callId\":\"{callId}\"}}}}"));

        Assert.Equal(callId, Assert.Single(system.Current.Reports).Uuid);
        Assert.Equal((callId, CallEndedReason.Failed), Assert.Single(system.Current.Ends));
    }

    [Fact]
    public async Task Push_MustReportFalse_ReportsNothing()
    {
        var (device, system, _) = Devices.Offline();
        await using var _device = device;
        var reported = false;

        device.DidReceiveIncomingVoipPush(Pushes.For(Guid.NewGuid(), mustReport: false), () => reported = system.Current.Reports.Count > 0);

        Assert.False(reported);
        Assert.Empty(system.Current.Reports);
        Assert.True(Assert.Single(device.Calls).IsInApp);
    }

    [Fact]
    public async Task Push_Duplicate_IsReportedAgainWithTheSameUuid()
    {
        var (device, system, _) = Devices.Offline();
        await using var _device = device;
        var callId = Guid.NewGuid();

        Receive(device, system, Pushes.For(callId));
        Receive(device, system, Pushes.For(callId));

        Assert.Equal([callId, callId], system.Current.Reports.Select(r => r.Uuid));
        Assert.Equal(IncomingCallError.CallUuidAlreadyExists, system.Current.Reports[1].Error);
        Assert.Empty(system.Current.Ends);
        Assert.Single(device.Calls);
    }

    [Fact]
    public async Task Push_WhileOnACall_WithNoCallWaiting_ReportsTheExistingUuid()
    {
        var (device, system, _) = Devices.Offline(o => o with { CallWaiting = CallWaiting.Busy });
        await using var _device = device;
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        Receive(device, system, Pushes.For(first));
        device.ApplyServerEvent(Event(first, 2, CallState.Answered, answeredBy: "b-phone"));
        Assert.Equal(DeviceCallState.Answered, device.Calls.Single(c => c.CallId == first).State);

        var reportedBeforeCompletion = Receive(device, system, Pushes.For(second));

        Assert.True(reportedBeforeCompletion);
        Assert.Equal([first, first], system.Current.Reports.Select(r => r.Uuid));
        Assert.Equal(IncomingCallError.CallUuidAlreadyExists, system.Current.Reports[1].Error);
        Assert.DoesNotContain(second, system.Current.Live);
        Assert.Equal(DeviceCallState.Ended, device.Calls.Single(c => c.CallId == second).State);
        Assert.Contains(first, system.Current.Live);
    }

    [Fact]
    public async Task Push_WhileOnACall_WithCallWaiting_RingsTheNewCall()
    {
        var (device, system, _) = Devices.Offline();
        await using var _device = device;
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        Receive(device, system, Pushes.For(first));
        device.ApplyServerEvent(Event(first, 2, CallState.Answered, answeredBy: "b-phone"));

        Receive(device, system, Pushes.For(second));

        Assert.Equal([first, second], system.Current.Reports.Select(r => r.Uuid));
        Assert.Contains(second, system.Current.Live);
    }

    [Fact]
    public async Task Push_PastRingUntilOnTheServerClock_IsReportedAndEndedRemoteEnded()
    {
        // The local clock is 10 s behind the server's: by the server's clock ringUntil passed 5 s ago.
        var (device, system, clock) = Devices.Offline(o => o with { ServerClockOffset = TimeSpan.FromSeconds(10) });
        await using var _device = device;
        var callId = Guid.NewGuid();

        var reportedBeforeCompletion = Receive(device, system, Pushes.For(callId, ringUntil: clock.GetUtcNow().AddSeconds(5)));

        Assert.True(reportedBeforeCompletion);
        Assert.Equal(callId, Assert.Single(system.Current.Reports).Uuid);
        Assert.Equal((callId, CallEndedReason.RemoteEnded), Assert.Single(system.Current.Ends));
    }

    [Fact]
    public async Task Push_PastRingUntilWithinTolerance_Rings()
    {
        var (device, system, clock) = Devices.Offline(o => o with { ServerClockOffset = TimeSpan.Zero });
        await using var _device = device;

        Receive(device, system, Pushes.For(Guid.NewGuid(), ringUntil: clock.GetUtcNow().AddSeconds(-1)));

        Assert.Single(system.Current.Reports);
        Assert.Empty(system.Current.Ends);
    }

    [Fact]
    public async Task Push_PastRingUntil_WithNoOffsetKnown_IsLeftToTheClaim()
    {
        var (device, system, clock) = Devices.Offline();
        await using var _device = device;

        Receive(device, system, Pushes.For(Guid.NewGuid(), ringUntil: clock.GetUtcNow().AddMinutes(-5)));

        Assert.Single(system.Current.Reports);
        Assert.Empty(system.Current.Ends);
    }

    [Fact]
    public async Task Push_ForACallAlreadyOver_IsReportedWithItsUuidAndEndedAgain()
    {
        var (device, system, _) = Devices.Offline();
        await using var _device = device;
        var callId = Guid.NewGuid();
        Receive(device, system, Pushes.For(callId));
        device.ApplyServerEvent(Event(callId, 2, CallState.Cancelled, endReason: DeviceEndReason.RemoteEnded));

        Receive(device, system, Pushes.For(callId));

        Assert.Equal([callId, callId], system.Current.Reports.Select(r => r.Uuid));
        Assert.Equal([(callId, CallEndedReason.RemoteEnded), (callId, CallEndedReason.RemoteEnded)], system.Current.Ends);
    }

    [Fact]
    public async Task Events_OlderOrEqualVersionsAreIgnored_HigherOnesEndWithTheirReason()
    {
        var (device, system, _) = Devices.Offline();
        await using var _device = device;
        var callId = Guid.NewGuid();
        Receive(device, system, Pushes.For(callId));
        device.ApplyServerEvent(Event(callId, 3, CallState.Ringing));

        device.ApplyServerEvent(Event(callId, 2, CallState.Declined, endReason: DeviceEndReason.DeclinedElsewhere));
        device.ApplyServerEvent(Event(callId, 3, CallState.Declined, endReason: DeviceEndReason.DeclinedElsewhere));
        Assert.Empty(system.Current.Ends);
        Assert.Equal(DeviceCallState.Ringing, Assert.Single(device.Calls).State);

        device.ApplyServerEvent(Event(callId, 4, CallState.Answered, answeredBy: "b-other", endReason: DeviceEndReason.AnsweredElsewhere));
        Assert.Equal((callId, CallEndedReason.AnsweredElsewhere), Assert.Single(system.Current.Ends));
        Assert.Equal(CallEndedReason.AnsweredElsewhere, Assert.Single(device.Calls).EndReason);
    }

    [Fact]
    public async Task Claim_NotAnsweredWithinConnectTimeout_EndsTheCallFailed()
    {
        var (device, system, clock) = Devices.Offline();
        await using var _device = device;
        var callId = Guid.NewGuid();
        var ended = new TaskCompletionSource<(Guid, CallEndedReason?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        device.CallEnded += (uuid, reason) => ended.TrySetResult((uuid, reason));

        Receive(device, system, Pushes.For(callId));
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Empty(system.Current.Ends);
        clock.Advance(TimeSpan.FromSeconds(0.2));

        Assert.Equal((callId, CallEndedReason.Failed), await ended.Task.WithTimeout());
        Assert.Equal((callId, CallEndedReason.Failed), Assert.Single(system.Current.Ends));
    }

    [Fact]
    public async Task ProviderReset_EndsCallsLocally_WithoutTellingTheDeadProvider_AndReportsToANewOne()
    {
        var (device, system, _) = Devices.Offline();
        await using var _device = device;
        var first = system.Current;
        Receive(device, system, Pushes.For(Guid.NewGuid()));

        device.ProviderDidReset(first);

        Assert.Equal(2, system.Providers.Count);
        Assert.Empty(first.Ends);
        Assert.Equal(DeviceCallState.Ended, Assert.Single(device.Calls).State);
        var next = Guid.NewGuid();
        Receive(device, system, Pushes.For(next));
        Assert.Equal(next, Assert.Single(system.Current.Reports).Uuid);
        Assert.NotSame(first, system.Current);
    }

    [Fact]
    public async Task Audio_StartsOnlyWhenTheSystemActivatesIt()
    {
        var (device, system, _) = Devices.Offline();
        await using var _device = device;
        var callId = Guid.NewGuid();
        var started = new List<Guid>();
        device.AudioStarted += started.Add;
        Receive(device, system, Pushes.For(callId));
        device.ApplyServerEvent(Event(callId, 2, CallState.Answered, answeredBy: "b-phone"));
        Assert.Empty(started);

        device.DidActivateAudioSession(system.Current);

        Assert.Equal([callId], started);
    }
}
