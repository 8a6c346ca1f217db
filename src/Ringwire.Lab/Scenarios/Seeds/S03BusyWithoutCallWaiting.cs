using Ringwire.Client;
using Ringwire.Client.CallKit;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Scenarios.Seeds;

/// <summary>
/// S3 (DTS thread 768136): on a call, iOS before 26.4, an app without call waiting. The push must still be reported:
/// the app reports it with the existing call's UUID (callUUIDAlreadyExists: reported, nothing shown) and declines as
/// busy, so the caller hears busy and bob's call goes on undisturbed.
/// </summary>
internal static class S03BusyWithoutCallWaiting
{
    public static Scenario Scenario { get; } = new("S3", "already on a call, iOS < 26.4, no call waiting: duplicate-UUID report, the caller gets busy", RunAsync);

    private static async Task RunAsync(ScenarioRun run)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        var carol = await run.IPhoneAsync("carol", "iPhone", new LabPhoneOptions { Foreground = true });
        var bob = await run.IPhoneAsync("bob", "iPhone", new LabPhoneOptions { Version = IosVersion.Before26_4, CallWaiting = CallWaiting.Busy });

        var first = await run.AnsweredCallAsync(carol, bob, "Carol");

        var second = await run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" });
        await run.ExpectServerEndAsync(alice, second, "declined", "busy");
        await run.ExpectEndedAsync(alice, second, CallEndedReason.Failed);
        run.Expect(bob.Phone.RingingIntervals(second).Count == 0, "bob's iPhone rang for alice's call during his call with carol");
        run.Expect(bob.Phone.EndOf(first) is null, "bob's call with carol ended");
        run.Note("carol hangs up");
        await carol.App.End(first);
        await run.ExpectEndedAsync(bob, first, CallEndedReason.RemoteEnded);
    }
}
