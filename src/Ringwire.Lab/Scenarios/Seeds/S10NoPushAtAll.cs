using Ringwire.Client;

namespace Ringwire.Lab.Scenarios.Seeds;

/// <summary>S10: a blocked caller, or a callee in do-not-disturb: the server sends no VoIP push at all, so no phone can be penalised.</summary>
internal static class S10NoPushAtAll
{
    public static Scenario Blocked { get; } = new("S10-blocked", "the caller is blocked: no VoIP push, the call ends unreachable (the block is not revealed)",
        run => RunAsync(run, blocked: true));

    public static Scenario DoNotDisturb { get; } = new("S10-dnd", "the callee is in do-not-disturb: no VoIP push, the call ends missed/dnd",
        run => RunAsync(run, blocked: false));

    private static async Task RunAsync(ScenarioRun run, bool blocked)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        var bob = await run.IPhoneAsync("bob", "iPhone");
        if (blocked)
        {
            run.Note("bob blocks alice");
            await bob.RequestAsync(HttpMethod.Put, $"/v1/me/blocks/{run.User("alice")}", null, run.Cancellation);
        }
        else
        {
            run.Note("bob turns on do-not-disturb for an hour");
            await bob.RequestAsync(HttpMethod.Put, "/v1/me/dnd", new { until = run.World.Clock.GetUtcNow().AddHours(1) }, run.Cancellation);
        }

        var callId = await run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" });
        if (blocked)
        {
            await run.ExpectServerEndAsync(alice, callId, "unreachable", "no_devices");
        }
        else
        {
            await run.ExpectServerEndAsync(alice, callId, "missed", "dnd");
        }

        run.Expect(run.World.Apns.Exchanges.All(x => x.Token != bob.Voip.Token), "the server sent bob's iPhone a VoIP push");
    }
}
