using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

public sealed class RestartTests
{
    private static readonly Dictionary<string, string?> RingDeadlineOnly = new() { ["Ringwire:Ringing:ClaimTimeoutSeconds"] = "3600" };

    private static DateTimeOffset Time(JsonNode node, string name) =>
        DateTimeOffset.Parse(node.Str(name)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Fact]
    public async Task RingingCall_OverdueWhenTheServerStartsAgain_EndsMissedAtOnce()
    {
        var first = await RingwireHost.StartAsync(RingDeadlineOnly);
        await using var _ = first;
        var alice = await first.UserAsync("alice");
        var bob = await first.UserAsync("bob");
        await first.RegisterDeviceAsync(bob, "b-phone");
        var call = await first.PlaceCallAsync(alice, "bob");
        var callId = call.Str("callId")!;
        var ringUntil = Time(call, "ringUntil");

        await first.StopAsync();
        first.Clock.AdvanceTo(ringUntil.AddMinutes(2));
        await using var second = await first.StartAgainAsync();
        await second.Calls.WaitForTraceAsync(callId, "missed").DefaultTimeout();

        var ended = await second.GetCallAsync(alice, callId);
        Assert.Equal("missed", ended.Str("state"));
        Assert.Equal("ring_timeout", ended.Str("endReason"));
        Assert.Equal(ringUntil.AddMinutes(2), Time(ended, "endedAt"));
    }

    [Fact]
    public async Task RingingCall_NotDueWhenTheServerStartsAgain_EndsWhenTheClockPassesRingUntil()
    {
        var first = await RingwireHost.StartAsync(RingDeadlineOnly);
        await using var _ = first;
        var alice = await first.UserAsync("alice");
        var bob = await first.UserAsync("bob");
        await first.RegisterDeviceAsync(bob, "b-phone");
        var call = await first.PlaceCallAsync(alice, "bob");
        var callId = call.Str("callId")!;
        var ringUntil = Time(call, "ringUntil");

        await first.StopAsync();
        first.Clock.Advance(TimeSpan.FromSeconds(10));
        await using var second = await first.StartAgainAsync();
        Assert.Equal("ringing", (await second.GetCallAsync(alice, callId)).Str("state"));
        Assert.Equal(1, second.Clock.ArmedTimers(at => at == ringUntil));

        second.Clock.AdvanceTo(ringUntil.AddMilliseconds(-1));
        Assert.Equal("ringing", (await second.GetCallAsync(alice, callId)).Str("state"));
        second.Clock.AdvanceTo(ringUntil);
        await second.Calls.WaitForTraceAsync(callId, "missed").DefaultTimeout();

        var ended = await second.GetCallAsync(alice, callId);
        Assert.Equal("missed", ended.Str("state"));
        Assert.Equal(ringUntil, Time(ended, "endedAt"));
    }

    [Fact]
    public async Task ClaimDeadline_SurvivesARestart()
    {
        var first = await RingwireHost.StartAsync(new Dictionary<string, string?> { ["Ringwire:Ringing:ClaimTimeoutSeconds"] = "8" });
        await using var _ = first;
        var alice = await first.UserAsync("alice");
        var bob = await first.UserAsync("bob");
        await first.RegisterDeviceAsync(bob, "b-phone");
        var call = await first.PlaceCallAsync(alice, "bob");
        var callId = call.Str("callId")!;
        await first.Calls.WaitForTraceAsync(callId, "push.sent").DefaultTimeout();

        await first.StopAsync();
        first.Clock.Advance(TimeSpan.FromSeconds(3));
        await using var second = await first.StartAgainAsync();
        second.Clock.AdvanceTo(Time(call, "createdAt").AddSeconds(8));
        await second.Calls.WaitForTraceAsync(callId, "unreachable").DefaultTimeout();

        Assert.Equal("claim_timeout", (await second.GetCallAsync(alice, callId)).Str("endReason"));
    }

    [Fact]
    public async Task DataAndTokens_SurviveARestart()
    {
        var first = await RingwireHost.StartAsync();
        await using var _ = first;
        var alice = await first.UserAsync("alice");
        var bob = await first.UserAsync("bob");
        var device = await first.RegisterDeviceAsync(bob, "b-phone");
        var callId = (await first.PlaceCallAsync(alice, "bob")).Str("callId")!;
        // The push is recorded in the background: wait for it, so that the trace's order is the one asserted below.
        await first.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();
        (await first.ActAsync(bob, callId, "answer", "b-phone")).Expect(HttpStatusCode.OK);
        await first.SendAsync(HttpMethod.Put, "/v1/me/blocks/mallory", token: bob.Token);

        await using var second = await first.StartAgainAsync();

        Assert.Equal("answered", (await second.GetCallAsync(alice, callId)).Str("state"));
        var devices = (await second.GetAsync("/v1/devices", bob)).Expect(HttpStatusCode.OK).Array("devices");
        Assert.Equal(device.Str("voipToken"), Assert.Single(devices)!.Str("voipToken"));
        Assert.Equal(["mallory"], (await second.GetAsync("/v1/me/blocks", bob)).Expect(HttpStatusCode.OK).Array("blocks").Select(b => b!.GetValue<string>()));
        (await second.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);
        Assert.Equal(["created", "push.sent", "answered", "ended"], await second.TraceTypesAsync(bob, callId));
    }
}
