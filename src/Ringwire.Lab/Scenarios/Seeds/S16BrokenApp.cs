using Ringwire.Client;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Scenarios.Seeds;

/// <summary>
/// S16: an app whose push handler does not report (built without Ringwire.Client) is killed for every push and,
/// after 5 strikes in 24 h, gets no more VoIP pushes — APNs still answers 200. The Lab catches what the library prevents,
/// and the server flags the device at_risk.
/// </summary>
internal static class S16BrokenApp
{
    private const int StrikeLimit = 5;

    public static Scenario Scenario { get; } = new("S16", "a broken app that does not report is killed; after 5 strikes it gets no more VoIP pushes", RunAsync);

    private static async Task RunAsync(ScenarioRun run)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        var bob = await run.IPhoneAsync("bob", "iPhone", new LabPhoneOptions { BrokenApp = true, StrikesExpected = true });

        for (var attempt = 1; attempt <= StrikeLimit + 1; attempt++)
        {
            var callId = await run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" });
            var answer = await run.World.Apns.WaitForExchangeAsync(x => x.Token == bob.Voip.Token && x.Sequence > 0 && Mentions(x, callId), run.Cancellation)
                .WaitAsync(ScenarioRun.Patience);
            run.Expect(answer.Status == 200, $"APNs answered {answer.Status} to push {attempt}");
            if (attempt <= StrikeLimit)
            {
                var crash = await bob.Phone.Timeline.WaitForAsync(e => e.Kind == PhoneEventKind.StrikeCounted && e.Strikes == attempt, ScenarioRun.Patience);
                run.Expect(crash.Strikes == attempt, $"strike {crash.Strikes} after push {attempt}");
            }
            else
            {
                var dropped = await bob.Phone.Timeline.WaitForAsync(e => e.Kind == PhoneEventKind.PushDropped && e.ApnsId == answer.ApnsId, ScenarioRun.Patience);
                run.Expect(dropped.Message?.Contains("failed to report an incoming call too many times", StringComparison.Ordinal) == true,
                    $"push {attempt} dropped with '{dropped.Message}'");
            }

            await alice.App.End(callId);
            await run.ExpectServerEndAsync(alice, callId, "cancelled", "caller_cancelled");
        }

        run.Expect(bob.Phone.IsVoipBlocked, "bob's app is not blocked after 5 strikes");
        run.Expect(bob.Phone.Crashes.Count == StrikeLimit, $"bob's app crashed {bob.Phone.Crashes.Count} times, expected {StrikeLimit}");
        var devices = await bob.RequestAsync(HttpMethod.Get, "/v1/devices", null, run.Cancellation);
        var health = devices!["devices"]![0]!["pushHealth"]!["status"]!.GetValue<string>();
        run.Expect(health == "at_risk", $"the server rates bob's iPhone '{health}', expected at_risk");
    }

    private static bool Mentions(Apns.ApnsExchange exchange, Guid callId) =>
        System.Text.Encoding.UTF8.GetString(exchange.Body.Span).Contains(callId.ToString("D"), StringComparison.Ordinal);
}
