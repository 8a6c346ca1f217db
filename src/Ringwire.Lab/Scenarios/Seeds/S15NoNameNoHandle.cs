using Ringwire.Client;
using Ringwire.Client.CallKit;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Scenarios.Seeds;

/// <summary>S15: a caller with no name and no handle still shows a non-empty handle (iOS 26 breaks "More" on an empty one).</summary>
internal static class S15NoNameNoHandle
{
    public static Scenario Scenario { get; } = new("S15", "a caller with no name and no handle still shows a non-empty handle", RunAsync);

    private static async Task RunAsync(ScenarioRun run)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        var bob = await run.IPhoneAsync("bob", "iPhone");

        var callId = await run.CallAsync(alice, "bob");
        var ringing = await run.RingingAsync(bob, callId);
        run.Expect(!string.IsNullOrEmpty(ringing.Handle?.Value), "bob's iPhone shows an empty handle");
        run.Expect(bob.Phone.Timeline.OfKind(PhoneEventKind.EmptyHandleDefect).Count == 0, "bob's iPhone recorded an empty-handle defect");
        await bob.WaitForCallAsync(callId, c => c.State == DeviceCallState.Ringing, ScenarioRun.Patience);
        run.Note("alice cancels");
        await alice.App.End(callId);
        await run.ExpectEndedAsync(bob, callId, CallEndedReason.RemoteEnded);
    }
}
