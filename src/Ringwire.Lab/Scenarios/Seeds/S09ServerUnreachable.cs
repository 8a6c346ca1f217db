using Ringwire.Client;
using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Scenarios.Seeds;

/// <summary>
/// S9: the push arrives but the server cannot be reached from the phone. The phone ends the call failed within its
/// connect timeout (5 s); the server ends it unreachable after its claim timeout (10 s) and the caller hears so.
/// </summary>
internal static class S09ServerUnreachable
{
    public static Scenario Scenario { get; } = new("S9", "server unreachable from the device: failed within the connect timeout, unreachable for the caller", RunAsync);

    private static async Task RunAsync(ScenarioRun run)
    {
        var alice = await run.IPhoneAsync("alice", "iPhone", new LabPhoneOptions { Foreground = true });
        var bob = await run.IPhoneAsync("bob", "iPhone");
        run.Note("bob's network can reach APNs but not the server");
        bob.Network.Down = true;

        var callId = await run.CallAsync(alice, "bob", new PlaceCallOptions { CallerName = "Alice" });
        await run.RingingAsync(bob, callId);
        run.Note("5 s pass");
        run.World.Clock.Advance(TimeSpan.FromSeconds(5));
        await run.ExpectEndedAsync(bob, callId, CallEndedReason.Failed);

        run.Note("5 s more: the server's claim timeout");
        run.World.Clock.Advance(TimeSpan.FromSeconds(5));
        await run.ExpectServerEndAsync(alice, callId, "unreachable", "claim_timeout");
        await run.ExpectEndedAsync(alice, callId, CallEndedReason.Unanswered);
    }
}
