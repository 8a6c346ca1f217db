using Ringwire.Client;
using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Scenarios.Seeds;

/// <summary>S6: three devices ring; one answers (the others end answeredElsewhere) or one declines (declinedElsewhere).</summary>
internal static class S06ThreeDevices
{
    public static Scenario OneAnswers { get; } = new("S6-answer", "three devices ring, one answers: the others end answeredElsewhere",
        run => RunAsync(run, answer: true));

    public static Scenario OneDeclines { get; } = new("S6-decline", "three devices ring, one declines: the others end declinedElsewhere",
        run => RunAsync(run, answer: false));

    private static async Task RunAsync(ScenarioRun run, bool answer)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        LabPhone[] bob =
        [
            await run.IPhoneAsync("bob", "iPhone"),
            await run.IPhoneAsync("bob", "iPad"),
            await run.IPhoneAsync("bob", "old iPhone"),
        ];

        var callId = await run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" });
        foreach (var device in bob)
        {
            await run.RingingAsync(device, callId);
            await device.WaitForCallAsync(callId, c => c.State == DeviceCallState.Ringing, ScenarioRun.Patience);
        }

        var others = bob[1..];
        if (answer)
        {
            run.Note("bob answers on his iPhone");
            bob[0].Phone.AnswerCall(callId);
            await alice.WaitForCallAsync(callId, c => c.State == DeviceCallState.Answered, ScenarioRun.Patience);
            foreach (var device in others)
            {
                await run.ExpectEndedAsync(device, callId, CallEndedReason.AnsweredElsewhere);
            }

            run.Note("alice hangs up");
            await alice.App.End(callId);
            await run.ExpectServerEndAsync(alice, callId, "ended", "hangup");
            await run.ExpectEndedAsync(bob[0], callId, CallEndedReason.RemoteEnded);
            return;
        }

        run.Note("bob declines on his iPhone");
        bob[0].Phone.DeclineCall(callId);
        await run.ExpectServerEndAsync(alice, callId, "declined", "callee_declined");
        foreach (var device in others)
        {
            await run.ExpectEndedAsync(device, callId, CallEndedReason.DeclinedElsewhere);
        }

        await run.ExpectEndedAsync(alice, callId, CallEndedReason.RemoteEnded);
    }
}
