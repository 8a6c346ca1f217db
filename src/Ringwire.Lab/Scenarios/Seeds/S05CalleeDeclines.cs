using Ringwire.Client;
using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Scenarios.Seeds;

/// <summary>S5: the callee declines; the caller's devices are told at once, remoteEnded.</summary>
internal static class S05CalleeDeclines
{
    public static Scenario Scenario { get; } = new("S5", "the callee declines; the caller's devices are told at once", RunAsync);

    private static async Task RunAsync(ScenarioRun run)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        var bob = await run.IPhoneAsync("bob", "iPhone");

        var callId = await run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" });
        await run.RingingAsync(bob, callId);
        await bob.WaitForCallAsync(callId, c => c.State == DeviceCallState.Ringing, ScenarioRun.Patience);
        run.Note("bob declines");
        bob.Phone.DeclineCall(callId);

        await run.ExpectServerEndAsync(alice, callId, "declined", "callee_declined");
        await run.ExpectEndedAsync(alice, callId, CallEndedReason.RemoteEnded);
        await run.ExpectEndedAsync(bob, callId, null);
    }
}
