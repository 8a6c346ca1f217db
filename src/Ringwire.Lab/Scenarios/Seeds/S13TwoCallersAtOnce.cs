using Ringwire.Client;
using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Scenarios.Seeds;

/// <summary>S13: two callers ring the same user at the same moment: both pushes are reported, both calls end right.</summary>
internal static class S13TwoCallersAtOnce
{
    public static Scenario Scenario { get; } = new("S13", "two callers ring the same user at the same moment", RunAsync);

    private static async Task RunAsync(ScenarioRun run)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        var carol = await run.IPhoneAsync("carol", "iPhone", new LabPhoneOptions { Foreground = true });
        var bob = await run.IPhoneAsync("bob", "iPhone");

        var calls = await Task.WhenAll(
            run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" }),
            run.CallAsync(carol, "bob", new PlaceCallOptions { CallerName = "Carol" }));
        var (fromAlice, fromCarol) = (calls[0], calls[1]);
        foreach (var callId in calls)
        {
            await run.RingingAsync(bob, callId);
            await bob.WaitForCallAsync(callId, c => c.State == DeviceCallState.Ringing, ScenarioRun.Patience);
        }

        run.Note("bob answers alice; carol's call keeps waiting");
        bob.Phone.AnswerCall(fromAlice);
        await alice.WaitForCallAsync(fromAlice, c => c.State == DeviceCallState.Answered, ScenarioRun.Patience);
        run.Note("carol gives up");
        await carol.App.End(fromCarol);
        await run.ExpectServerEndAsync(carol, fromCarol, "cancelled", "caller_cancelled");
        await run.ExpectEndedAsync(bob, fromCarol, CallEndedReason.RemoteEnded);
        run.Note("alice hangs up");
        await alice.App.End(fromAlice);
        await run.ExpectServerEndAsync(alice, fromAlice, "ended", "hangup");
        await run.ExpectEndedAsync(bob, fromAlice, CallEndedReason.RemoteEnded);
    }
}
