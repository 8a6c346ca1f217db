using Ringwire.Client;
using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Scenarios.Seeds;

/// <summary>S8: the caller cancels after the push woke the phone but before the app connected: its claim says remoteEnded.</summary>
internal static class S08CancelledBeforeConnect
{
    private static readonly TimeSpan OneWay = TimeSpan.FromMilliseconds(100);

    public static Scenario Scenario { get; } = new("S8", "cancelled before the woken device connects: it ends remoteEnded on its claim", RunAsync);

    private static async Task RunAsync(ScenarioRun run)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        var bob = await run.IPhoneAsync("bob", "iPhone", new LabPhoneOptions { Latency = run.Latency(OneWay) });

        var callId = await run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" });
        await run.RingingAsync(bob, callId);
        await run.PauseAsync();
        run.Note("alice cancels while bob's app is still connecting");
        await alice.App.End(callId);
        await run.ExpectServerEndAsync(alice, callId, "cancelled", "caller_cancelled");

        await run.ExpectEndedAsync(bob, callId, CallEndedReason.RemoteEnded);
    }
}
