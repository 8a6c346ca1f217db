using Ringwire.Client;
using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Scenarios.Seeds;

/// <summary>S4: the caller cancels while the phone rings; the phone stops at once with remoteEnded.</summary>
internal static class S04CallerCancels
{
    public static Scenario Scenario { get; } = new("S4", "the caller cancels while the phone rings", RunAsync);

    private static async Task RunAsync(ScenarioRun run)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        var bob = await run.IPhoneAsync("bob", "iPhone", new LabPhoneOptions { Latency = run.Latency(TimeSpan.Zero) });

        var callId = await run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" });
        await run.RingingAsync(bob, callId);
        await bob.WaitForCallAsync(callId, c => c.State == DeviceCallState.Ringing, ScenarioRun.Patience);
        await run.PauseAsync();
        run.Note("alice cancels");
        await alice.App.End(callId);

        await run.ExpectEndedAsync(bob, callId, CallEndedReason.RemoteEnded);
        await run.ExpectServerEndAsync(alice, callId, "cancelled", "caller_cancelled");
    }
}
