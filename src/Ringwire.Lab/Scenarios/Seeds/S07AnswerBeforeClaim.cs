using Ringwire.Client;
using Ringwire.Client.CallKit;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Scenarios.Seeds;

/// <summary>
/// S7 (DTS thread 117939: "wait until the necessary handshakes are complete before calling fulfill"): on a slow
/// network the user answers before the claim returned. The answer action is held and fulfilled only once the server
/// granted the answer.
/// </summary>
internal static class S07AnswerBeforeClaim
{
    private static readonly TimeSpan OneWay = TimeSpan.FromMilliseconds(150);

    public static Scenario Scenario { get; } = new("S7", "the user answers before the claim returned (slow network): fulfilled only after the server granted it", RunAsync);

    private static async Task RunAsync(ScenarioRun run)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        var bob = await run.IPhoneAsync("bob", "iPhone", new LabPhoneOptions { Latency = OneWay });

        var callId = await run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" });
        await run.RingingAsync(bob, callId);
        run.Note($"bob answers at once; his network takes {OneWay.TotalMilliseconds:0} ms each way");
        var tapped = run.World.Clock.GetUtcNow();
        bob.Phone.AnswerCall(callId);

        var fulfilled = await bob.Phone.Timeline.WaitForAsync(
            e => e.Kind == PhoneEventKind.ActionCompleted && e.CallUuid == callId && e.Action == CallActionKind.Answer, ScenarioRun.Patience);
        run.Expect(fulfilled.ActionResult == CallActionResult.Fulfilled, $"bob's answer action {fulfilled.ActionResult}, expected Fulfilled");
        var call = await run.World.CallAsync(callId, run.Cancellation);
        var answeredAt = DateTimeOffset.Parse(call["answeredAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        run.Expect(answeredAt > tapped, "the server recorded the answer before bob tapped");
        // The server keeps milliseconds: a fulfilment in the same millisecond as the grant is still after it.
        run.Expect(fulfilled.At >= answeredAt, $"bob's answer was fulfilled at {fulfilled.At:HH:mm:ss.fff}, before the server granted it at {answeredAt:HH:mm:ss.fff}");
        run.Expect(fulfilled.At - tapped >= 2 * OneWay, "bob's answer was fulfilled sooner than a round trip to the server");
        await alice.WaitForCallAsync(callId, c => c.State == DeviceCallState.Answered, ScenarioRun.Patience);

        run.Note("alice hangs up");
        await alice.App.End(callId);
        await run.ExpectServerEndAsync(alice, callId, "ended", "hangup");
        await run.ExpectEndedAsync(bob, callId, CallEndedReason.RemoteEnded);
    }
}
