using System.Net;
using System.Security.Cryptography;
using Ringwire.Push.Apns;
using Ringwire.Server.Observability;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

/// <summary>
/// <c>/healthz</c> (alive) and <c>/readyz</c> (store reachable, our Apple key usable). APNs refusing our credentials
/// is in ApnsTests (ConfigurationError_IsLoggedLoudly_NotRetried_AndShownInReadyz_UntilAPushGetsThrough).
/// </summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Readyz_WithTheStoreReachable_IsReady_WithEveryCheckOk()
    {
        await using var host = await RingwireHost.StartAsync();

        var ready = (await host.SendAsync(HttpMethod.Get, "/readyz")).Expect(HttpStatusCode.OK);

        Assert.Equal(("ready", "ok", "ok"), (ready.Str("status"), ready["checks"].Str("store"), ready["checks"].Str("push")));
    }

    [Fact]
    public async Task Readyz_WhenTheStoreCannotBeReached_IsUnreadyNamingIt_WhileHealthzStaysAlive_AndReadyAgainOnceItCan()
    {
        await using var host = await RingwireHost.StartAsync();
        (await host.SendAsync(HttpMethod.Get, "/readyz")).Expect(HttpStatusCode.OK);

        await using (await StoreOutage.BeginAsync(host))
        {
            var unready = (await host.SendAsync(HttpMethod.Get, "/readyz")).Expect(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unready", unready.Str("status"));
            Assert.StartsWith("unreachable: ", unready["checks"].Str("store"), StringComparison.Ordinal);
            Assert.Equal("ok", unready["checks"].Str("push"));
            Assert.Equal("alive", (await host.SendAsync(HttpMethod.Get, "/healthz")).Expect(HttpStatusCode.OK).Str("status"));
        }

        var ready = (await host.SendAsync(HttpMethod.Get, "/readyz")).Expect(HttpStatusCode.OK);
        Assert.Equal("ok", ready["checks"].Str("store"));
    }

    [Fact]
    public async Task Readyz_WithAnAppleKeyThatSigns_IsReadyBeforeAnyPush()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var host = await RingwireHost.StartAsync(new Dictionary<string, string?>
        {
            ["Ringwire:Apns:KeyId"] = "KEYID12345",
            ["Ringwire:Apns:TeamId"] = "TEAMID1234",
            ["Ringwire:Apns:PrivateKey"] = key.ExportPkcs8PrivateKeyPem(),
            ["Ringwire:Apns:BundleId"] = "com.example.app",
        }, realPushes: true);

        var ready = (await host.SendAsync(HttpMethod.Get, "/readyz")).Expect(HttpStatusCode.OK);

        Assert.Equal("ok", ready["checks"].Str("push"));
        Assert.Empty(host.Logs.Errors);
    }

    [Fact]
    public void CredentialCheck_WithAKeyThatCannotSign_SaysWhichKeyInPlainWords()
    {
        using var full = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var publicOnly = ECDsa.Create(full.ExportParameters(includePrivateParameters: false));
        var settings = new ApnsSettings { KeyId = "KEYID12345", TeamId = "TEAMID1234", SigningKey = publicOnly };

        var problem = ApnsCredentialCheck.Problem(settings, TimeProvider.System);

        Assert.NotNull(problem);
        Assert.StartsWith("Ringwire:Apns key KEYID12345 cannot sign a provider token", problem, StringComparison.Ordinal);
        Assert.Null(ApnsCredentialCheck.Problem(settings with { SigningKey = full }, TimeProvider.System));
    }

    [Fact]
    public async Task Readyz_WithCredentialsFoundUnusable_StaysUnready_EvenAfterAPushGetsThrough()
    {
        await using var host = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterDeviceAsync(bob, "b-phone");

        host.Service<PushServiceHealth>().CredentialsUnusable("Ringwire:Apns key KEYID12345 cannot sign a provider token: test.");
        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        await host.Calls.WaitForTraceAsync(callId, "push.sent", "b-phone").DefaultTimeout();

        var unready = (await host.SendAsync(HttpMethod.Get, "/readyz")).Expect(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Ringwire:Apns key KEYID12345 cannot sign a provider token: test.", unready["checks"].Str("push"));
    }
}
