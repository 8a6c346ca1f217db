using System.Net;
using System.Net.Sockets;
using Ringwire.Core;
using Ringwire.Lab.Apns;
using Ringwire.Push.Apns;

namespace Ringwire.Push.Tests.Apns;

/// <summary>The real sender against the Lab's APNs simulator: HTTP/2 over TLS on loopback, Apple's answers.</summary>
public sealed class ApnsSenderTests : IAsyncLifetime
{
    private ApnsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ApnsWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private ApnsSimulator Simulator => _world.Simulator;

    [Fact]
    public async Task Voip_SendsTheContractsRequest_AndThePhoneGetsIt()
    {
        var phone = _world.Phone();
        var message = ApnsWorld.Voip(phone.Token, payloadBytes: 300);

        var outcome = await _world.Sender.SendAsync(message, default).AsTask().DefaultTimeout();

        Assert.Equal(PushResult.Delivered, outcome.Result);
        var exchange = Assert.Single(Simulator.Exchanges);
        Assert.Equal(("POST", $"/3/device/{phone.Token}", 200), (exchange.Method, exchange.Path, exchange.Status));
        Assert.Equal("voip", exchange.Headers["apns-push-type"]);
        Assert.Equal("com.example.app.voip", exchange.Headers["apns-topic"]);
        Assert.Equal("10", exchange.Headers["apns-priority"]);
        Assert.Equal("0", exchange.Headers["apns-expiration"]);
        Assert.True(Guid.TryParseExact(exchange.Headers["apns-id"], "D", out _));
        Assert.StartsWith("bearer ", exchange.Headers["authorization"], StringComparison.Ordinal);
        Assert.False(exchange.Headers.ContainsKey("apns-collapse-id"));
        Assert.Equal(message.Payload.ToArray(), exchange.Body.ToArray());
        var notification = await phone.Inbox.ReadAsync().AsTask().DefaultTimeout();
        Assert.Equal(message.Payload.ToArray(), notification.Payload.ToArray());
    }

    [Fact]
    public async Task MissedCallAlert_GoesToTheAppTopicAsAnAlert_CollapsedByCall()
    {
        var phone = Simulator.AddDevice(ApnsWorld.Token(), ApnsWorld.BundleId, ApnsEnvironment.Production);
        var message = ApnsWorld.Voip(phone.Token) with { Kind = PushKind.MissedCallAlert };

        var outcome = await _world.Sender.SendAsync(message, default).AsTask().DefaultTimeout();

        Assert.Equal(PushResult.Delivered, outcome.Result);
        var exchange = Assert.Single(Simulator.Exchanges);
        Assert.Equal("alert", exchange.Headers["apns-push-type"]);
        Assert.Equal(ApnsWorld.BundleId, exchange.Headers["apns-topic"]);
        Assert.Equal(message.CallId.ToString("D"), exchange.Headers["apns-collapse-id"]);
        Assert.False(exchange.Headers.ContainsKey("apns-expiration"));
    }

    [Fact]
    public async Task DeviceBundleId_OverridesTheDefault()
    {
        Simulator.AddTeam(ApnsWorld.TeamId, "com.example.other");
        var phone = Simulator.AddDevice(ApnsWorld.Token(), "com.example.other.voip", ApnsEnvironment.Production);

        var outcome = await _world.Sender.SendAsync(ApnsWorld.Voip(phone.Token) with { BundleId = "com.example.other" }, default).AsTask().DefaultTimeout();

        Assert.Equal(PushResult.Delivered, outcome.Result);
        Assert.Equal("com.example.other.voip", Assert.Single(Simulator.Exchanges).Headers["apns-topic"]);
    }

    [Fact]
    public async Task NoBundleIdAnywhere_IsAConfigurationError_AndSendsNothing()
    {
        using var sender = _world.NewSender(s => s with { BundleId = null });

        var outcome = await sender.SendAsync(ApnsWorld.Voip(ApnsWorld.Token()), default).AsTask().DefaultTimeout();

        Assert.Equal((PushResult.ConfigurationError, "NoBundleId"), (outcome.Result, outcome.Reason));
        Assert.Empty(Simulator.Exchanges);
    }

    [Fact]
    public async Task ProviderToken_IsReusedAcrossPushes_AndValidatedBySimulator()
    {
        var phone = _world.Phone();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(PushResult.Delivered, (await _world.Sender.SendAsync(ApnsWorld.Voip(phone.Token), default).AsTask().DefaultTimeout()).Result);
            _world.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.Single(Simulator.Exchanges.Select(e => e.Headers["authorization"]).Distinct());
    }

    [Fact]
    public async Task ProviderToken_AfterItsLifetime_IsReplaced_AndApnsAcceptsTheNewOne()
    {
        var phone = _world.Phone();
        await _world.Sender.SendAsync(ApnsWorld.Voip(phone.Token), default).AsTask().DefaultTimeout();

        _world.Clock.Advance(TimeSpan.FromMinutes(50));
        var outcome = await _world.Sender.SendAsync(ApnsWorld.Voip(phone.Token), default).AsTask().DefaultTimeout();

        Assert.Equal(PushResult.Delivered, outcome.Result);
        Assert.Equal(2, Simulator.Exchanges.Select(e => e.Headers["authorization"]).Distinct().Count());
    }

    [Fact]
    public async Task ExpiredProviderToken_MintsANewTokenAndRetriesOnce()
    {
        var phone = _world.Phone();
        await _world.Sender.SendAsync(ApnsWorld.Voip(phone.Token), default).AsTask().DefaultTimeout();
        // Past A3's 20 minutes, so a new token on this connection is allowed.
        _world.Clock.Advance(TimeSpan.FromMinutes(25));
        var scripted = 0;
        Simulator.Faults.Override = _ => Interlocked.Increment(ref scripted) == 1 ? (403, "ExpiredProviderToken") : null;

        var outcome = await _world.Sender.SendAsync(ApnsWorld.Voip(phone.Token), default).AsTask().DefaultTimeout();

        Assert.Equal(PushResult.Delivered, outcome.Result);
        var exchanges = Simulator.Exchanges;
        Assert.Equal([200, 403, 200], exchanges.Select(e => e.Status));
        Assert.Equal(exchanges[0].Headers["authorization"], exchanges[1].Headers["authorization"]);
        Assert.NotEqual(exchanges[1].Headers["authorization"], exchanges[2].Headers["authorization"]);
    }

    [Fact]
    public async Task ExpiredProviderToken_IsRetriedOnlyOnce_AndItsRenewalIsBoundByTheTwentyMinuteRule()
    {
        var phone = _world.Phone();
        Simulator.Faults.Override = _ => (403, "ExpiredProviderToken");
        // One connection: A3's rule is per connection.
        using var sender = _world.NewSender(s => s with { Connections = 1 });

        var outcome = await sender.SendAsync(ApnsWorld.Voip(phone.Token), default).AsTask().DefaultTimeout();

        // A fresh token refused as expired means a skewed clock; the renewal, minutes after the first token on the same
        // connection, meets A3's 20-minute rule. Either way the sender stops after one retry and blames its setup.
        Assert.Equal(PushResult.ConfigurationError, outcome.Result);
        Assert.Equal([(403, "ExpiredProviderToken"), (429, "TooManyProviderTokenUpdates")], Simulator.Exchanges.Select(e => (e.Status, e.Reason)));
    }

    [Fact]
    public async Task SkewedClock_MakesTheSimulatorAnswerExpiredProviderToken()
    {
        var phone = _world.Phone();
        _world.Clock.Advance(TimeSpan.FromHours(2));
        var behind = new ManualClock(_world.Clock.GetUtcNow().AddMinutes(-61));
        using var skewed = _world.NewSender(clock: behind);

        var outcome = await skewed.SendAsync(ApnsWorld.Voip(phone.Token), default).AsTask().DefaultTimeout();

        Assert.Equal("ExpiredProviderToken", outcome.Reason);
        Assert.All(Simulator.Exchanges, e => Assert.Equal((403, "ExpiredProviderToken"), (e.Status, e.Reason)));
    }

    [Fact]
    public async Task Unregistered_IsATokenDeadSinceApnsTimestamp()
    {
        var phone = _world.Phone();
        var since = _world.Clock.GetUtcNow().AddMinutes(-3);
        Simulator.Unregister(phone.Token, since);

        var outcome = await _world.Sender.SendAsync(ApnsWorld.Voip(phone.Token), default).AsTask().DefaultTimeout();

        Assert.Equal((PushResult.TokenDead, "Unregistered", 410), (outcome.Result, outcome.Reason, outcome.Status));
        Assert.Equal(since.ToUnixTimeMilliseconds(), outcome.TokenInvalidSince!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task UnknownToken_AndTokenOfAnotherTopic_AreDead()
    {
        var alertOnly = Simulator.AddDevice(ApnsWorld.Token(), ApnsWorld.BundleId, ApnsEnvironment.Production);

        var unknown = await _world.Sender.SendAsync(ApnsWorld.Voip(ApnsWorld.Token()), default).AsTask().DefaultTimeout();
        var otherTopic = await _world.Sender.SendAsync(ApnsWorld.Voip(alertOnly.Token), default).AsTask().DefaultTimeout();

        Assert.Equal((PushResult.TokenDead, "BadDeviceToken"), (unknown.Result, unknown.Reason));
        Assert.Equal((PushResult.TokenDead, "DeviceTokenNotForTopic"), (otherTopic.Result, otherTopic.Reason));
    }

    [Fact]
    public async Task KeyApnsDoesNotKnow_IsAConfigurationError()
    {
        var phone = _world.Phone();
        using var stranger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var sender = _world.NewSender(s => s with { SigningKey = stranger });

        var outcome = await sender.SendAsync(ApnsWorld.Voip(phone.Token), default).AsTask().DefaultTimeout();

        Assert.Equal((PushResult.ConfigurationError, "InvalidProviderToken", 403), (outcome.Result, outcome.Reason, outcome.Status));
    }

    [Theory]
    [InlineData(5120, PushResult.Delivered)]
    [InlineData(5121, PushResult.ConfigurationError)]
    public async Task VoipPayload_UpTo5120Bytes_IsAccepted(int bytes, PushResult expected)
    {
        var phone = _world.Phone();

        var outcome = await _world.Sender.SendAsync(ApnsWorld.Voip(phone.Token, bytes), default).AsTask().DefaultTimeout();

        Assert.Equal(bytes, Assert.Single(Simulator.Exchanges).Body.Length);
        Assert.Equal(expected, outcome.Result);
    }

    [Theory]
    [InlineData(429, "TooManyRequests")]
    [InlineData(500, "InternalServerError")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(503, "Shutdown")]
    public async Task RefusalsWorthRetrying_AreRetryable(int status, string reason)
    {
        var phone = _world.Phone();
        Simulator.Faults.Override = _ => (status, reason);

        var outcome = await _world.Sender.SendAsync(ApnsWorld.Voip(phone.Token), default).AsTask().DefaultTimeout();

        Assert.Equal((PushResult.Retryable, reason, status), (outcome.Result, outcome.Reason, outcome.Status));
        Assert.Single(Simulator.Exchanges);
    }

    [Fact]
    public async Task StreamResetWithoutAnswer_IsUnconfirmed_NotRetryable()
    {
        var phone = _world.Phone();
        Simulator.Faults.ResetRate = 1.0;

        var outcome = await _world.Sender.SendAsync(ApnsWorld.Voip(phone.Token), default).AsTask().DefaultTimeout();

        Assert.Equal(PushResult.Unconfirmed, outcome.Result);
    }

    [Fact]
    public async Task NothingListening_IsRetryable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var sender = _world.NewSender(s => s with { Endpoint = new Uri($"https://127.0.0.1:{port}") });

        var outcome = await sender.SendAsync(ApnsWorld.Voip(ApnsWorld.Token()), default).AsTask().DefaultTimeout();

        Assert.Equal((PushResult.Retryable, nameof(HttpRequestError.ConnectionError)), (outcome.Result, outcome.Reason));
    }

    [Fact]
    public async Task UntrustedCertificate_IsAConfigurationError()
    {
        using var sender = _world.NewSender(s => s with { CertificateAuthority = null });

        var outcome = await sender.SendAsync(ApnsWorld.Voip(_world.Phone().Token), default).AsTask().DefaultTimeout();

        Assert.Equal((PushResult.ConfigurationError, nameof(HttpRequestError.SecureConnectionError)), (outcome.Result, outcome.Reason));
        Assert.Empty(Simulator.Exchanges);
    }

    [Fact]
    public async Task ManyPushesAtOnce_AreAllDelivered_OnePerPhone_OverTwoConnections()
    {
        var phones = Enumerable.Range(0, 300).Select(_ => _world.Phone()).ToArray();
        // Open both connections first: a burst on a cold pool may open extra ones while the first handshakes.
        foreach (var phone in phones[..2])
        {
            await _world.Sender.SendAsync(ApnsWorld.Voip(phone.Token), default).AsTask().DefaultTimeout();
        }

        var outcomes = await Task.WhenAll(phones[2..].Select(p => _world.Sender.SendAsync(ApnsWorld.Voip(p.Token), default).AsTask())).DefaultTimeout();

        Assert.All(outcomes, o => Assert.Equal(PushResult.Delivered, o.Result));
        Assert.Equal(phones.Select(p => p.Token).Order(), Simulator.Exchanges.Select(e => e.Token!).Order());
        // Spread over the two connections the settings ask for, well below the stream limit.
        Assert.Equal(2, Simulator.Exchanges.Select(e => e.ConnectionId).Distinct().Count());
    }

    [Fact]
    public void Endpoint_IsApplesHostPerEnvironment_UnlessOverridden()
    {
        var apple = new ApnsSettings { KeyId = "K", TeamId = "T", SigningKey = _world.Key };
        var simulator = apple with { Endpoint = new Uri("https://127.0.0.1:2197") };

        Assert.Equal("https://api.push.apple.com/", apple.EndpointFor(ApnsEnvironment.Production).ToString());
        Assert.Equal("https://api.sandbox.push.apple.com/", apple.EndpointFor(ApnsEnvironment.Sandbox).ToString());
        Assert.Equal(simulator.Endpoint, simulator.EndpointFor(ApnsEnvironment.Sandbox));
    }
}
