using Ringwire.Client;
using Ringwire.Client.CallKit;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Scenarios.Seeds;

/// <summary>
/// S1 (forum thread 795610): flight mode on, a call comes and is cancelled, flight mode off 40 s later — and APNs
/// still delivers the push sent with apns-expiration 0. Before iOS 26.4 the app must report it: it rings for the
/// round trip its claim takes, then ends remoteEnded. From 26.4 the push is old, mustReport is false, and it never rings.
/// </summary>
internal static class S01LatePushAfterFlightMode
{
    public static Scenario Before26_4 { get; } = new("S1", "a push delivered late after flight mode, for a call already cancelled (iOS < 26.4)",
        run => RunAsync(run, IosVersion.Before26_4));

    public static Scenario From26_4 { get; } = new("S1-26.4", "the same on iOS 26.4+: mustReport is false for the old push, nothing rings",
        run => RunAsync(run, IosVersion.From26_4));

    private static async Task RunAsync(ScenarioRun run, IosVersion version)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        var bob = await run.IPhoneAsync("bob", "iPhone", new LabPhoneOptions { Version = version, Latency = run.Latency(TimeSpan.Zero) });
        run.Note("bob's iPhone goes into flight mode");
        bob.Phone.Online = false;

        var callId = await run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" });
        await run.World.Apns.WaitForExchangeAsync(x => x.Token == bob.Voip.Token, run.Cancellation).WaitAsync(ScenarioRun.Patience);
        run.Note("APNs accepted the push (200) while bob's iPhone is unreachable; alice cancels");
        await alice.App.End(callId);
        await run.ExpectServerEndAsync(alice, callId, "cancelled", "caller_cancelled");

        run.World.Clock.Advance(TimeSpan.FromSeconds(40));
        run.Note("40 s later, flight mode off");
        bob.Phone.Online = true;

        var delivered = await bob.Phone.Timeline.WaitForAsync(PhoneEventKind.VoipPushDelivered, ScenarioRun.Patience);
        if (version == IosVersion.Before26_4)
        {
            await run.ExpectEndedAsync(bob, callId, CallEndedReason.RemoteEnded);
            return;
        }

        run.Expect(delivered.MustReport == false, $"bob's iPhone: mustReport {delivered.MustReport}, expected false for a push 40 s old");
        await bob.WaitForCallAsync(callId, c => c.State == DeviceCallState.Ended, ScenarioRun.Patience);
        run.Expect(bob.Phone.RingingIntervals(callId).Count == 0, "bob's iPhone rang for a push it did not have to report");
    }
}
