using System.Security.Cryptography;
using System.Text.Json;
using Ringwire.Core;
using Ringwire.Lab.Apns;
using Ringwire.Push;
using Ringwire.Push.Apns;

namespace Ringwire.Lab.Tests;

/// <summary>
/// A real APNs client, @parse/node-apn (pinned in node-apn/package.json), against the simulator: what it sends is
/// accepted, and Apple's refusals reach it as Apple would send them.
/// </summary>
public sealed class NodeApnInteropTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ringwire-node-apn-{Guid.NewGuid():N}");
    private ApnsTestBed _bed = null!;
    private string _keyFile = null!;
    private string _caFile = null!;

    public async Task InitializeAsync()
    {
        // node-apn signs with the real clock.
        _bed = await ApnsTestBed.StartAsync(o => o.Time = TimeProvider.System);
        Directory.CreateDirectory(_folder);
        _keyFile = Path.Combine(_folder, $"AuthKey_{ApnsTestBed.KeyId}.p8");
        _caFile = Path.Combine(_folder, "ca.pem");
        await File.WriteAllTextAsync(_keyFile, _bed.Key.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(_caFile, _bed.Simulator.CertificateAuthorityPem);
    }

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task NodeApn_VoipPush_IsAcceptedAndDelivered()
    {
        var device = _bed.AddDevice();

        var result = await SendAsync(device.Token, ApnsTestBed.VoipTopic);

        var sent = Assert.Single(result.GetProperty("sent").EnumerateArray());
        Assert.Empty(result.GetProperty("failed").EnumerateArray());
        Assert.Equal(device.Token, sent.GetProperty("device").GetString());
        var notification = await device.Inbox.ReadAsync().WithTimeout();
        Assert.Equal(("voip", ApnsTestBed.VoipTopic, 10), (notification.PushType, notification.Topic, notification.Priority));
        Assert.Equal("c1", JsonDocument.Parse(notification.Payload).RootElement.GetProperty("callId").GetString());
        Assert.Equal(notification.ApnsId, Guid.Parse(sent.GetProperty("apnsId").GetString()!));
        var exchange = Assert.Single(_bed.Simulator.Exchanges);
        Assert.Equal((200, true), (exchange.Status, exchange.Delivered));
    }

    [Fact]
    public async Task NodeApn_WrongTopic_GetsTopicDisallowed()
    {
        var device = _bed.AddDevice();

        var result = await SendAsync(device.Token, "com.other.app.voip");

        await AssertRefusedAsync(result, device.Token, 400, ApnsReasons.TopicDisallowed);
    }

    [Fact]
    public async Task NodeApn_TokenOfAnotherApp_GetsDeviceTokenNotForTopic()
    {
        var alertDevice = _bed.AddDevice(ApnsTestBed.BundleId);

        var result = await SendAsync(alertDevice.Token, ApnsTestBed.VoipTopic);

        await AssertRefusedAsync(result, alertDevice.Token, 400, ApnsReasons.DeviceTokenNotForTopic);
    }

    [Fact]
    public async Task NodeApn_UnknownToken_GetsBadDeviceToken()
    {
        var token = ApnsTestBed.NewToken();

        var result = await SendAsync(token, ApnsTestBed.VoipTopic);

        await AssertRefusedAsync(result, token, 400, ApnsReasons.BadDeviceToken);
    }

    [Fact]
    public async Task NodeApn_StaleToken_Gets410UnregisteredWithTimestamp()
    {
        var device = _bed.AddDevice();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_456);
        _bed.Simulator.Unregister(device.Token, at);

        var result = await SendAsync(device.Token, ApnsTestBed.VoipTopic);

        var failed = await AssertRefusedAsync(result, device.Token, 410, ApnsReasons.Unregistered);
        Assert.Equal(1_750_000_000_456, failed.GetProperty("timestamp").GetInt64());
        Assert.Equal(1_750_000_000_456, _bed.Simulator.Exchanges.Single().Timestamp);
    }

    [Fact]
    public async Task NodeApn_TokenSignedByAnUnknownKey_GetsInvalidProviderToken()
    {
        var device = _bed.AddDevice();
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await File.WriteAllTextAsync(_keyFile, otherKey.ExportPkcs8PrivateKeyPem());

        var result = await SendAsync(device.Token, ApnsTestBed.VoipTopic);

        await AssertRefusedAsync(result, device.Token, 403, ApnsReasons.InvalidProviderToken);
    }

    [Theory]
    [InlineData("none", 200, null)]
    [InlineData("wrong topic", 400, ApnsReasons.TopicDisallowed)]
    [InlineData("token of another app", 400, ApnsReasons.DeviceTokenNotForTopic)]
    [InlineData("unknown token", 400, ApnsReasons.BadDeviceToken)]
    [InlineData("stale token", 410, ApnsReasons.Unregistered)]
    [InlineData("unknown key", 403, ApnsReasons.InvalidProviderToken)]
    public async Task RingwireSender_AndNodeApn_AreAcceptedAndRefusedAlike(string mistake, int status, string? reason)
    {
        var token = mistake switch
        {
            "unknown token" => ApnsTestBed.NewToken(),
            "token of another app" => _bed.AddDevice(ApnsTestBed.BundleId).Token,
            _ => _bed.AddDevice().Token,
        };
        if (mistake == "stale token")
        {
            _bed.Simulator.Unregister(token, DateTimeOffset.UtcNow.AddMinutes(-1));
        }

        var bundleId = mistake == "wrong topic" ? "com.other.app" : ApnsTestBed.BundleId;
        using var key = mistake == "unknown key" ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
        var signingKey = key ?? _bed.Key;
        await File.WriteAllTextAsync(_keyFile, signingKey.ExportPkcs8PrivateKeyPem());
        using var sender = new ApnsSender(new ApnsSettings
        {
            KeyId = ApnsTestBed.KeyId,
            TeamId = ApnsTestBed.TeamId,
            SigningKey = signingKey,
            BundleId = bundleId,
            Endpoint = _bed.Simulator.Endpoint,
            CertificateAuthority = _bed.Simulator.CertificateAuthority,
        }, TimeProvider.System);

        var node = await SendAsync(token, bundleId + ".voip");
        var ours = await sender.SendAsync(new PushMessage(PushKind.Voip, Guid.NewGuid(), "bob", "b-phone", token, ApnsEnvironment.Sandbox, null,
            """{"callId":"c1"}"""u8.ToArray()), default).WithTimeout();

        var nodeAnswer = node.GetProperty("failed").EnumerateArray().Select(f => ((int?)f.GetProperty("status").GetInt32(), f.GetProperty("reason").GetString()))
            .SingleOrDefault(((int?)200, null));
        Assert.Equal((status, reason), nodeAnswer);
        Assert.Equal((status, reason), (ours.Status, ours.Reason));
        Assert.Equal([(status, reason), (status, reason)], _bed.Simulator.Exchanges.Where(e => e.Token == token).Select(e => ((int?)e.Status, e.Reason)));
    }

    private Task<JsonElement> SendAsync(string token, string topic) =>
        NodeScripts.RunAsync("send.js", new
        {
            host = "127.0.0.1",
            port = _bed.Simulator.Endpoint.Port,
            caFile = _caFile,
            keyFile = _keyFile,
            keyId = ApnsTestBed.KeyId,
            teamId = ApnsTestBed.TeamId,
            topic,
            token,
            pushType = "voip",
            expiration = 0,
            payload = new { callId = "c1" },
        });

    /// <summary>node-apn reports the refusal, and the simulator recorded the same answer.</summary>
    private async Task<JsonElement> AssertRefusedAsync(JsonElement result, string token, int status, string reason)
    {
        Assert.Empty(result.GetProperty("sent").EnumerateArray());
        var failed = Assert.Single(result.GetProperty("failed").EnumerateArray());
        Assert.Equal(token, failed.GetProperty("device").GetString());
        Assert.Equal(status, failed.GetProperty("status").GetInt32());
        Assert.Equal(reason, failed.GetProperty("reason").GetString());

        var exchange = await _bed.Simulator.WaitForExchangeAsync(e => e.Token == token, default).WithTimeout();
        Assert.Equal((status, reason, false), (exchange.Status, exchange.Reason, exchange.Delivered));
        return failed;
    }
}
