using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Ringwire.Core;
using Ringwire.Lab;

namespace Ringwire.Cli.Tests;

/// <summary><c>ringwire push</c> against the Lab's APNs simulator: contract §7's request, Apple's answer word for word.</summary>
public sealed class PushCommandTests : IAsyncLifetime
{
    private ApnsBed _bed = null!;

    public async Task InitializeAsync() => _bed = await ApnsBed.StartAsync(ApnsEnvironment.Sandbox);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Push_ToAKnownDevice_SendsTheServersVoipPush_PrintsAppleAnswer_AndExits0()
    {
        var phone = _bed.Phone();

        var result = await Cli.RunAsync(["push", "--token", phone.Token, "--caller-name", "Alice", .. _bed.Options()]);

        Assert.Equal(0, result.Code);
        var exchange = Assert.Single(_bed.Simulator.Exchanges);
        Assert.Equal(("voip", "com.example.app.voip", "10", "0"),
            (exchange.Headers["apns-push-type"], exchange.Headers["apns-topic"], exchange.Headers["apns-priority"], exchange.Headers["apns-expiration"]));
        Assert.Contains($"/3/device/{phone.Token[..8]}… (sandbox, topic com.example.app.voip", result.Output, StringComparison.Ordinal);
        Assert.Contains("  status          200", result.Output, StringComparison.Ordinal);
        Assert.Contains($"  apns-id         {exchange.Headers["apns-id"]}", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"  apns-unique-id  [0-9a-f-]{36}", result.Output);
        Assert.Contains("What it means: APNs accepted the push", result.Output, StringComparison.Ordinal);

        var notification = await phone.Inbox.ReadAsync().AsTask().WithTimeout();
        using var payload = JsonDocument.Parse(notification.Payload);
        var ringwire = payload.RootElement.GetProperty("ringwire");
        Assert.Equal("Alice", ringwire.GetProperty("callerName").GetString());
        Assert.Equal(1, ringwire.GetProperty("v").GetInt32());
        Assert.True(ringwire.TryGetProperty("ringUntil", out _));
    }

    [Fact]
    public async Task Push_ToAnUnregisteredToken_PrintsStatusReasonAndTimestamp_AndExits1()
    {
        var phone = _bed.Phone();
        var since = DateTimeOffset.FromUnixTimeMilliseconds(1_763_760_000_123);
        _bed.Simulator.Unregister(phone.Token, since);

        var result = await Cli.RunAsync(["push", "--token", phone.Token, .. _bed.Options()]);

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Contains("  status          410", result.Output, StringComparison.Ordinal);
        Assert.Contains("""  body            {"reason":"Unregistered","timestamp":1763760000123}""", result.Output, StringComparison.Ordinal);
        Assert.Contains("  timestamp       1763760000123 (2025-11-21T21:20:00.123Z)", result.Output, StringComparison.Ordinal);
        Assert.Contains("register with PushKit again", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("apns-unique-id", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_ToATokenApnsDoesNotKnow_ExplainsTheEnvironment()
    {
        var result = await Cli.RunAsync(["push", "--token", new string('a', 64), .. _bed.Options()]);

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Contains("  reason          BadDeviceToken", result.Output, StringComparison.Ordinal);
        Assert.Contains("try the other --environment", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_WithBadInput_SendsNothing_ReportsEveryProblem_AndExits2()
    {
        var result = await Cli.RunAsync(["push", "--token", "<abcd ef01>", .. _bed.Options("--key", _bed.Folder.File("missing.p8"), "--bundle-id", "com.example.app.voip")]);

        Assert.Equal(CommandRun.BadOptions, result.Code);
        Assert.Empty(_bed.Simulator.Exchanges);
        Assert.Contains("--token: write the token as one run of hex digits", result.Error, StringComparison.Ordinal);
        Assert.Contains("missing.p8: no such file", result.Error, StringComparison.Ordinal);
        Assert.Contains("bundle id com.example.app.voip: ends in .voip", result.Error, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }

    [Fact]
    public async Task Push_WhenNothingListens_SaysItIsTheNetwork_AndExits1()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await Cli.RunAsync(["push", "--token", new string('a', 64), .. _bed.Options("--endpoint", $"https://127.0.0.1:{port}")]);

        Assert.Equal(CommandRun.Failed, result.Code);
        Assert.Contains("  no answer: ConnectionError", result.Output, StringComparison.Ordinal);
        Assert.Contains("port 443", result.Output, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }
}
