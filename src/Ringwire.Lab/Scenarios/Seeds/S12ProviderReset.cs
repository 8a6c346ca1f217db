using Ringwire.Client;
using Ringwire.Client.CallKit;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Scenarios.Seeds;

/// <summary>
/// S12 (DTS thread 801418): callservicesd crashes while the phone rings. Every call ends; the app builds a new
/// provider, so the next call is reported through it — not through the dead one, which would cost a strike.
/// </summary>
internal static class S12ProviderReset
{
    public static Scenario Scenario { get; } = new("S12", "provider reset mid-ring: calls ended, a new provider reports the next call", RunAsync);

    private static async Task RunAsync(ScenarioRun run)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        var bob = await run.IPhoneAsync("bob", "iPhone");

        var first = await run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" });
        await run.RingingAsync(bob, first);
        await bob.WaitForCallAsync(first, c => c.State == DeviceCallState.Ringing, ScenarioRun.Patience);
        run.Note("callservicesd crashes on bob's iPhone");
        bob.Phone.ResetDaemon();
        await run.ExpectEndedAsync(bob, first, CallEndedReason.Failed);
        run.Note("alice gives up and calls again");
        await alice.App.End(first);
        await run.ExpectServerEndAsync(alice, first, "cancelled", "caller_cancelled");

        var second = await run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" });
        var shown = await bob.Phone.Timeline.WaitForAsync(e => e.Kind == PhoneEventKind.IncomingCallReported && e.CallUuid == second, ScenarioRun.Patience);
        run.Expect(shown.IncomingError is null, $"bob's iPhone refused the second report: {shown.IncomingError}");
        await run.RingingAsync(bob, second);
        await bob.WaitForCallAsync(second, c => c.State == DeviceCallState.Ringing, ScenarioRun.Patience);
        run.Note("bob answers");
        bob.Phone.AnswerCall(second);
        await alice.WaitForCallAsync(second, c => c.State == DeviceCallState.Answered, ScenarioRun.Patience);
        run.Note("bob hangs up");
        bob.Phone.EndCall(second);
        await run.ExpectServerEndAsync(alice, second, "ended", "hangup");
        await run.ExpectEndedAsync(alice, second, CallEndedReason.RemoteEnded);
    }
}
