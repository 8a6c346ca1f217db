using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ringwire.Core;
using Ringwire.Lab.Apns;
using Ringwire.Server.Hosting;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

/// <summary>
/// The server's real push path end to end: Switchboard → Ringer → ApnsSender → HTTP/2 over TLS → the Lab's APNs
/// simulator, on loopback, with the server's manual clock shared by the simulator.
/// </summary>
public sealed class ApnsTests
{
    private static ApnsSimulator Simulator(RingwireHost host) => host.Service<BuiltInApns>().Simulator;

    private static Task<RingwireHost> StartAsync(double claimTimeoutSeconds = 60) => RingwireHost.StartAsync(new Dictionary<string, string?>
    {
        // Long enough that the ring deadline, not the claim deadline, bounds the retries.
        ["Ringwire:Ringing:ClaimTimeoutSeconds"] = claimTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }, realPushes: true);

    private static async Task<(TestUser Alice, TestUser Bob, string Token)> AliceAndBobsIphoneAsync(RingwireHost host)
    {
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        var token = RandomHex.Token();
        await host.RegisterDeviceAsync(bob, "b-phone", new { platform = "ios", voipToken = token });
        return (alice, bob, token);
    }

    private static IReadOnlyList<ApnsExchange> VoipExchanges(ApnsSimulator simulator, string token) =>
        [.. simulator.Exchanges.Where(e => e.Token == token && e.Headers.GetValueOrDefault("apns-push-type") == "voip")];

    [Fact]
    public async Task Call_ToUserWithTwoIphones_SendsExactlyTwoVoipPushes_WithTheContractsHeadersAndBody()
    {
        var clock = new ManualClock();
        await using var simulator = await ApnsSimulator.StartAsync(new ApnsSimulatorOptions { Environment = ApnsEnvironment.Production, Time = clock }, default)
            .DefaultTimeout();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        simulator.AddTeam("TEAMID1234", "com.example.app");
        simulator.AddKey("KEYID12345", "TEAMID1234", key);
        var phones = new[] { simulator.AddDevice(RandomHex.Token(), "com.example.app.voip", ApnsEnvironment.Production),
            simulator.AddDevice(RandomHex.Token(), "com.example.app.voip", ApnsEnvironment.Production) };
        var files = Directory.CreateTempSubdirectory("ringwire-apns-");
        try
        {
            var keyPath = Path.Combine(files.FullName, "AuthKey_KEYID12345.p8");
            var caPath = Path.Combine(files.FullName, "simulator-ca.pem");
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
            await File.WriteAllTextAsync(caPath, simulator.CertificateAuthorityPem);
            await using var host = await RingwireHost.StartAsync(new Dictionary<string, string?>
            {
                ["Ringwire:Apns:KeyId"] = "KEYID12345",
                ["Ringwire:Apns:TeamId"] = "TEAMID1234",
                ["Ringwire:Apns:PrivateKeyPath"] = keyPath,
                ["Ringwire:Apns:BundleId"] = "com.example.app",
                ["Ringwire:Apns:Endpoint"] = simulator.Endpoint.ToString(),
                ["Ringwire:Apns:CaCertificatePath"] = caPath,
            }, clock, realPushes: true);
            var alice = await host.UserAsync("alice");
            var bob = await host.UserAsync("bob");
            await host.RegisterDeviceAsync(bob, "b-phone", new { platform = "ios", voipToken = phones[0].Token, apnsEnvironment = "production" });
            await host.RegisterDeviceAsync(bob, "b-pad", new { platform = "ios", voipToken = phones[1].Token, apnsEnvironment = "production" });

            var call = await host.PlaceCallAsync(alice, "bob", b => b["callerName"] = "Alice");
            var callId = call.Str("callId")!;
            await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();
            await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-pad").DefaultTimeout();
            (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);

            Assert.Equal(2, simulator.Exchanges.Count);
            foreach (var phone in phones)
            {
                var exchange = Assert.Single(simulator.Exchanges, e => e.Token == phone.Token);
                Assert.Equal((200, "POST", $"/3/device/{phone.Token}"), (exchange.Status, exchange.Method, exchange.Path));
                Assert.Equal("voip", exchange.Headers["apns-push-type"]);
                Assert.Equal("com.example.app.voip", exchange.Headers["apns-topic"]);
                Assert.Equal("10", exchange.Headers["apns-priority"]);
                Assert.Equal("0", exchange.Headers["apns-expiration"]);
                Assert.True(Guid.TryParseExact(exchange.Headers["apns-id"], "D", out _));
                var jwt = exchange.Headers["authorization"]["bearer ".Length..].Split('.');
                using (var header = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[0])))
                using (var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[1])))
                {
                    Assert.Equal(("ES256", "KEYID12345"), (header.RootElement.GetProperty("alg").GetString(), header.RootElement.GetProperty("kid").GetString()));
                    Assert.Equal("TEAMID1234", claims.RootElement.GetProperty("iss").GetString());
                    Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds(), claims.RootElement.GetProperty("iat").GetInt64());
                }

                var body = JsonNode.Parse(exchange.Body.Span)!["ringwire"]!;
                Assert.Equal(1, body.Long("v"));
                Assert.Equal(callId, body.Str("callId"));
                Assert.Equal(("alice", "Alice", "alice", "generic"), (body.Str("from"), body.Str("callerName"), body.Str("callerHandle"), body.Str("handleType")));
                Assert.False(body["video"]!.GetValue<bool>());
                Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds(), body.Long("sentAt"));
                Assert.Equal(DateTimeOffset.Parse(call.Str("ringUntil")!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), body.Long("ringUntil"));
                Assert.EndsWith("/v1/connect", body.Str("connect"), StringComparison.Ordinal);
                Assert.Equal(1, phone.Inbox.Count);
            }
        }
        finally
        {
            files.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task NoAppleKey_PushesGoOverHttp2ToTheBuiltInSimulator()
    {
        await using var host = await StartAsync();
        var (alice, _, token) = await AliceAndBobsIphoneAsync(host);

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        var sent = await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();
        var exchange = Assert.Single(VoipExchanges(Simulator(host), token));
        Assert.Equal(200, exchange.Status);
        Assert.Equal($"{BuiltInApns.DefaultBundleId}.voip", exchange.Headers["apns-topic"]);
        Assert.Contains("\"status\":200", sent.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unregistered_RemovesTheDevicesToken()
    {
        await using var host = await StartAsync();
        var (alice, bob, token) = await AliceAndBobsIphoneAsync(host);
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        Simulator(host).Unregister(token, host.Clock.GetUtcNow().AddSeconds(-1));

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        var failed = await host.Calls.WaitForTraceAsync(callId, "push.failed", "b-phone").DefaultTimeout();
        Assert.Contains("\"reason\":\"Unregistered\"", failed.Detail, StringComparison.Ordinal);
        var device = Assert.Single((await host.GetAsync("/v1/devices", bob)).Expect(HttpStatusCode.OK).Array("devices"));
        Assert.Null(device.Str("voipToken"));
        Assert.Equal("no_token", device!["pushHealth"].Str("status"));
        Assert.Single(VoipExchanges(Simulator(host), token));
    }

    [Fact]
    public async Task Unregistered_BeforeTheDeviceRegisteredAgain_KeepsTheToken()
    {
        await using var host = await StartAsync();
        var (alice, bob, token) = await AliceAndBobsIphoneAsync(host);
        // APNs says the token died before the app last registered it: the registration is newer, so it stays.
        Simulator(host).Unregister(token, host.Clock.GetUtcNow().AddSeconds(-1));

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        await host.Calls.WaitForTraceAsync(callId, "push.failed", "b-phone").DefaultTimeout();
        var device = Assert.Single((await host.GetAsync("/v1/devices", bob)).Expect(HttpStatusCode.OK).Array("devices"));
        Assert.Equal(token, device.Str("voipToken"));
    }

    [Fact]
    public async Task ServiceUnavailableStorm_IsRetriedUntilTwoSecondsBeforeRingUntil_AndNoFurther()
    {
        await using var host = await StartAsync();
        var (alice, _, token) = await AliceAndBobsIphoneAsync(host);
        Simulator(host).Faults.ServiceUnavailableRate = 1.0;
        var ringUntil = host.Clock.GetUtcNow().AddSeconds(10);
        var retryArmed = host.Clock.WhenArmedAsync(due => due < ringUntil);

        var callId = (await host.PlaceCallAsync(alice, "bob", b => b["ringSeconds"] = 10)).Str("callId")!;
        var failed = host.Calls.WaitForTraceAsync(callId, "push.failed", "b-phone");
        while (await Task.WhenAny(retryArmed, failed).DefaultTimeout() == retryArmed)
        {
            var due = await retryArmed;
            retryArmed = host.Clock.WhenArmedAsync(d => d < ringUntil);
            host.Clock.AdvanceTo(due);
        }

        var attempts = VoipExchanges(Simulator(host), token);
        Assert.InRange(attempts.Count, 5, 40);
        Assert.All(attempts, a => Assert.Equal((503, "ServiceUnavailable"), (a.Status, a.Reason)));
        Assert.All(attempts, a => Assert.True(a.ReceivedAt < ringUntil.AddSeconds(-2), $"attempt at {a.ReceivedAt:O}"));
        // The ringer stopped only because the next attempt would land within 2 s of ringUntil, not earlier.
        Assert.True(attempts[^1].ReceivedAt >= ringUntil.AddSeconds(-4), $"last attempt at {attempts[^1].ReceivedAt:O}");
        Assert.Contains($"\"attempts\":{attempts.Count}", (await failed).Detail, StringComparison.Ordinal);
        Assert.Equal(attempts.Count - 1, (await host.TraceTypesAsync(alice, callId)).Count(t => t == "push.retrying"));

        host.Clock.AdvanceTo(ringUntil.AddSeconds(5));
        Assert.Equal(attempts.Count, VoipExchanges(Simulator(host), token).Count);
        Assert.Equal(0, host.Clock.ArmedTimers(d => d < ringUntil));
        // Every push failed and nobody is connected: the call ends unreachable rather than ring on for nobody.
        await host.Calls.WaitForTraceAsync(callId, "unreachable").DefaultTimeout();
        Assert.Equal("push_failed", (await host.GetCallAsync(alice, callId)).Str("endReason"));
    }

    [Fact]
    public async Task CallEnded_CancelsPendingRetries_SoNoPushFollowsTheEnd()
    {
        await using var host = await StartAsync();
        var (alice, _, token) = await AliceAndBobsIphoneAsync(host);
        Simulator(host).Faults.ServiceUnavailableRate = 1.0;
        var ringUntil = host.Clock.GetUtcNow().AddSeconds(30);
        var retryArmed = host.Clock.WhenArmedAsync(due => due < ringUntil);
        var callId = (await host.PlaceCallAsync(alice, "bob", b => b["ringSeconds"] = 30)).Str("callId")!;
        await retryArmed.DefaultTimeout();

        (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);

        var failed = await host.Calls.WaitForTraceAsync(callId, "push.failed", "b-phone").DefaultTimeout();
        Assert.Equal(0, host.Clock.ArmedTimers(d => d < ringUntil));
        host.Clock.AdvanceTo(ringUntil);
        Assert.Single(VoipExchanges(Simulator(host), token));
        Assert.Contains("\"reason\":\"ServiceUnavailable\"", failed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedOnce_ThenAccepted_IsOneVoipPushThatArrived()
    {
        await using var host = await StartAsync();
        var (alice, _, token) = await AliceAndBobsIphoneAsync(host);
        var refusals = 0;
        Simulator(host).Faults.Override = e => e.Token == token && Interlocked.Increment(ref refusals) == 1 ? (500, "InternalServerError") : null;
        var retryArmed = host.Clock.WhenArmedAsync(due => due < host.Clock.GetUtcNow().AddSeconds(30));

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        host.Clock.AdvanceTo(await retryArmed.DefaultTimeout());

        var sent = await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();
        Assert.Equal([500, 200], VoipExchanges(Simulator(host), token).Select(e => e.Status));
        Assert.Contains("\"attempts\":2", sent.Detail, StringComparison.Ordinal);
        var leg = Assert.Single((await host.GetCallAsync(alice, callId)).Array("legs"));
        Assert.Equal("sent", leg.Str("push"));
    }

    [Fact]
    public async Task NoAnswerFromApns_IsNotRetried_AndTheDeviceKeepsItsClaimTime()
    {
        await using var host = await StartAsync(claimTimeoutSeconds: 10);
        var (alice, _, token) = await AliceAndBobsIphoneAsync(host);
        Simulator(host).Faults.ResetRate = 1.0;

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        var failed = await host.Calls.WaitForTraceAsync(callId, "push.failed", "b-phone").DefaultTimeout();
        Assert.Contains("\"result\":\"unconfirmed\"", failed.Detail, StringComparison.Ordinal);
        Assert.Single(VoipExchanges(Simulator(host), token));
        // The push may have arrived: the call waits for a claim instead of ending push_failed at once.
        Assert.Equal("ringing", (await host.GetCallAsync(alice, callId)).Str("state"));
    }

    [Fact]
    public async Task ConfigurationError_IsLoggedLoudly_NotRetried_AndShownInReadyz_UntilAPushGetsThrough()
    {
        await using var host = await StartAsync();
        var (alice, _, token) = await AliceAndBobsIphoneAsync(host);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Get, "/readyz")).Status);
        Simulator(host).Faults.Override = _ => (403, "InvalidProviderToken");

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        await host.Calls.WaitForTraceAsync(callId, "push.failed", "b-phone").DefaultTimeout();
        Assert.Single(VoipExchanges(Simulator(host), token));
        Assert.Contains(host.Logs.Errors, e => e.Contains("InvalidProviderToken", StringComparison.Ordinal));
        var unready = (await host.SendAsync(HttpMethod.Get, "/readyz")).Expect(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unready", unready.Str("status"));
        Assert.Equal("ok", unready["checks"].Str("store"));
        Assert.Contains("InvalidProviderToken (403)", unready["checks"].Str("push"), StringComparison.Ordinal);

        Simulator(host).Faults.Override = null;
        var next = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.Calls.WaitForTraceAsync(next, "push.sent", "b-phone").DefaultTimeout();
        var ready = (await host.SendAsync(HttpMethod.Get, "/readyz")).Expect(HttpStatusCode.OK);
        Assert.Equal(("ready", "ok"), (ready.Str("status"), ready["checks"].Str("push")));
    }

    [Fact]
    public async Task AndroidPush_WithNoFcmSender_FailsItsLeg_ButLeavesReadyzReady()
    {
        await using var host = await StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-android", new { platform = "android", fcmToken = "fcm:token-1" });

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;

        var failed = await host.Calls.WaitForTraceAsync(callId, "push.failed", "b-android").DefaultTimeout();
        Assert.Contains("FcmNotConfigured", failed.Detail, StringComparison.Ordinal);
        var ready = (await host.SendAsync(HttpMethod.Get, "/readyz")).Expect(HttpStatusCode.OK);
        Assert.Equal("ok", ready["checks"].Str("push"));
    }

    [Fact]
    public async Task Healthz_SaysAlive_WithoutCredentials()
    {
        await using var host = await StartAsync();

        var alive = (await host.SendAsync(HttpMethod.Get, "/healthz")).Expect(HttpStatusCode.OK);

        Assert.Equal("alive", alive.Str("status"));
    }

    [Fact]
    public async Task RingingCall_AcrossARestart_GetsNoSecondVoipPush()
    {
        var first = await StartAsync();
        var (alice, _, token) = await AliceAndBobsIphoneAsync(first);
        var callId = (await first.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await first.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();
        Assert.Single(VoipExchanges(Simulator(first), token));

        await using var second = await first.StartAgainAsync();
        // The new server recovered the call (it still rings for a claim) without waking the phone again.
        await using var phone = await second.ConnectReadyAsync(await second.UserAsync("bob"), "b-phone");
        Assert.Equal("ringing", (await phone.RequestAsync("claim", callId))["call"].Str("state"));

        Assert.Empty(Simulator(second).Exchanges);
    }

    [Fact]
    public async Task Ringer_ForACallNoLongerRinging_SendsNothing()
    {
        await using var host = await RingwireHost.StartAsync();
        var (alice, _, _) = await AliceAndBobsIphoneAsync(host);
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();
        var recorder = new Push.RecordingPushSender();
        var ringer = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<Calls.Ringer>(host.Services, recorder);
        var call = (await host.Calls.GetAsync(Guid.Parse(callId), default))! with { Legs = [new Leg("b-phone", Platform.Ios, PushStatus.Pending)] };
        var devices = await host.Service<Storage.IDeviceStore>().ListAsync("bob", default);

        var outcome = await ringer.RingAsync(call, devices, new CancellationToken(canceled: true)).DefaultTimeout();

        Assert.Equal((1, 0), (outcome.Attempted, outcome.MayHaveArrived));
        Assert.Empty(recorder.Sent);
    }

    [Fact]
    public async Task EveryPushAttempt_IsCountedAndTimed_OnTheRingwireMeter()
    {
        await using var host = await StartAsync();
        var (alice, _, _) = await AliceAndBobsIphoneAsync(host);
        var measurements = new System.Collections.Concurrent.ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        // Only this host's meter: other tests' servers run in parallel with meters of the same name.
        var factory = host.Service<System.Diagnostics.Metrics.IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Ringwire" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        listener.Start();

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();

        var outcome = Assert.Single(measurements, m => m.Instrument == "ringwire.push.outcomes");
        Assert.Equal(1, outcome.Value);
        Assert.Equal(("Voip", "Delivered"), (outcome.Tags["kind"], outcome.Tags["result"]));
        var duration = Assert.Single(measurements, m => m.Instrument == "ringwire.push.duration");
        Assert.True(duration.Value >= 0);

        static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var (key, value) in tags)
            {
                copy[key] = value;
            }

            return copy;
        }
    }
}
