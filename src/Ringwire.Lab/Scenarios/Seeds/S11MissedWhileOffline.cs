using Ringwire.Client;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Scenarios.Seeds;

/// <summary>
/// S11: the phone is off the network for the whole call. The VoIP push (apns-expiration 0) is not stored; the call
/// ends unreachable and the device gets one missed-call alert, stored by APNs and shown when the phone comes back —
/// and no VoIP push, so nothing rings for a call long over.
/// </summary>
internal static class S11MissedWhileOffline
{
    public static Scenario Scenario { get; } = new("S11", "missed while offline: one alert push, no VoIP push on return", RunAsync);

    private static async Task RunAsync(ScenarioRun run)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        var bob = await run.IPhoneAsync("bob", "iPhone", new LabPhoneOptions { AlertToken = true });
        run.Note("bob's iPhone has been off the network for two minutes");
        bob.Phone.Online = false;
        run.World.Clock.Advance(TimeSpan.FromMinutes(2));

        var callId = await run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" });
        await run.World.Apns.WaitForExchangeAsync(x => x.Token == bob.Voip.Token, run.Cancellation).WaitAsync(ScenarioRun.Patience);
        run.Note("10 s pass: nobody claimed the call");
        run.World.Clock.Advance(TimeSpan.FromSeconds(10));
        await run.ExpectServerEndAsync(alice, callId, "unreachable", "claim_timeout");
        await run.World.Apns.WaitForExchangeAsync(x => x.Token == bob.Alert!.Token, run.Cancellation).WaitAsync(ScenarioRun.Patience);

        run.Note("bob's iPhone is back online");
        bob.Phone.Online = true;
        await bob.Phone.Timeline.WaitForAsync(PhoneEventKind.AlertShown, ScenarioRun.Patience);
        run.Expect(bob.Phone.VoipPushesDelivered == 0, "bob's iPhone got the VoIP push of a call long over");
        run.Expect(bob.Phone.Timeline.OfKind(PhoneEventKind.AlertShown).Count == 1, "bob's iPhone showed more than one missed-call alert");
    }
}
