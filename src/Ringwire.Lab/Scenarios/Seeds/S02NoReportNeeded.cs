using Ringwire.Client;
using Ringwire.Client.CallKit;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Scenarios.Seeds;

/// <summary>
/// S2 (iOS 26.4+, PKVoIPPushMetadata.mustReport): a push the app need not report. In the foreground the app shows the
/// call itself; already on a call, it leaves the new call to the server's ring timeout. Neither costs a strike.
/// </summary>
internal static class S02NoReportNeeded
{
    public static Scenario InForeground { get; } = new("S2-foreground", "iOS 26.4+, app in the foreground: mustReport false, the app shows the call in-app",
        RunInForegroundAsync);

    public static Scenario OnACall { get; } = new("S2-on-a-call", "iOS 26.4+, app already on a call: mustReport false, no strike",
        RunOnACallAsync);

    private static async Task RunInForegroundAsync(ScenarioRun run)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        var bob = await run.IPhoneAsync("bob", "iPhone", new LabPhoneOptions { Foreground = true });
        var surfaced = new TaskCompletionSource<DeviceCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.App.InAppIncomingCall += call => surfaced.TrySetResult(call);

        var callId = await run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" });
        var push = await bob.Phone.Timeline.WaitForAsync(PhoneEventKind.VoipPushDelivered, ScenarioRun.Patience);
        run.Expect(push.MustReport == false, $"bob's iPhone: mustReport {push.MustReport}, expected false in the foreground");
        var shown = await surfaced.Task.WaitAsync(ScenarioRun.Patience);
        run.Expect(shown.CallId == callId && shown.IsInApp, "bob's app did not show the call in-app");
        run.Expect(bob.Phone.RingingIntervals(callId).Count == 0, "bob's iPhone rang through CallKit for a call the app shows itself");
        run.Note("bob answers in the app");
        await bob.App.Answer(callId);
        await bob.WaitForCallAsync(callId, c => c.State == DeviceCallState.Answered, ScenarioRun.Patience);
        await alice.WaitForCallAsync(callId, c => c.State == DeviceCallState.Answered, ScenarioRun.Patience);
        run.Note("alice hangs up");
        await alice.App.End(callId);
        await run.ExpectServerEndAsync(alice, callId, "ended", "hangup");
        await bob.WaitForCallAsync(callId, c => c.State == DeviceCallState.Ended, ScenarioRun.Patience);
    }

    private static async Task RunOnACallAsync(ScenarioRun run)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        var carol = await run.IPhoneAsync("carol", "iPhone", new LabPhoneOptions { Foreground = true });
        var bob = await run.IPhoneAsync("bob", "iPhone");

        var first = await run.AnsweredCallAsync(carol, bob, "Carol");

        var second = await run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" });
        var push = await bob.Phone.Timeline.WaitForAsync(e => e.Kind == PhoneEventKind.VoipPushDelivered && e.MustReport == false, ScenarioRun.Patience);
        run.Expect(push.MustReport == false, "bob's iPhone: the push during a call must not require a report");
        await bob.WaitForCallAsync(second, _ => true, ScenarioRun.Patience);
        run.Note("alice gives up");
        await alice.App.End(second);
        await run.ExpectServerEndAsync(alice, second, "cancelled", "caller_cancelled");
        await bob.WaitForCallAsync(second, c => c.State == DeviceCallState.Ended, ScenarioRun.Patience);
        run.Expect(bob.Phone.EndOf(first) is null, "bob's call with carol ended");
        run.Note("carol hangs up");
        await carol.App.End(first);
        await run.ExpectEndedAsync(bob, first, CallEndedReason.RemoteEnded);
    }
}
