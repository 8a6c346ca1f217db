using Microsoft.Extensions.Options;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

public sealed class OptionsTests
{
    [Fact]
    public async Task Start_WithSeveralBadSettings_RefusesToStartAndNamesEveryOne()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RingwireHost.StartAsync(new Dictionary<string, string?>
        {
            ["Ringwire:TokenSigningKey"] = "too-short",
            ["Ringwire:Ringing:DefaultRingSeconds"] = "500",
            ["Ringwire:Devices:MaxPerUser"] = "0",
            ["Ringwire:Storage:Provider"] = "oracle",
            ["Ringwire:PublicUrl"] = "not a url",
        }));

        Assert.Contains(error.Failures, f => f.Contains("TokenSigningKey", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("DefaultRingSeconds", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("MaxPerUser", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Provider", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("PublicUrl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WithGoodSettings_Starts()
    {
        await using var host = await RingwireHost.StartAsync(new Dictionary<string, string?> { ["Ringwire:Ringing:BusyPolicy"] = "reject" });

        Assert.Equal(Core.BusyPolicy.Reject, host.Service<Core.RingingRules>().BusyPolicy);
    }

    [Fact]
    public async Task Start_WithAHalfConfiguredAppleKey_NamesEveryMistake()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RingwireHost.StartAsync(new Dictionary<string, string?>
        {
            ["Ringwire:Apns:KeyId"] = "short",
            ["Ringwire:Apns:PrivateKeyPath"] = "/nonexistent/AuthKey.p8",
            ["Ringwire:Apns:Endpoint"] = "http://127.0.0.1:2197",
            ["Ringwire:Apns:CaCertificatePath"] = "/nonexistent/ca.pem",
        }, realPushes: true));

        Assert.Contains(error.Failures, f => f.Contains("Ringwire:Apns:KeyId 'short'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Ringwire:Apns:TeamId", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("PrivateKeyPath '/nonexistent/AuthKey.p8' cannot be read", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("BundleId is missing", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("not an absolute https URL", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("CaCertificatePath", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WithAKeyThatIsNotAnEcPrivateKey_SaysWhatAP8Looks()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RingwireHost.StartAsync(new Dictionary<string, string?>
        {
            ["Ringwire:Apns:KeyId"] = "KEYID12345",
            ["Ringwire:Apns:TeamId"] = "TEAMID1234",
            ["Ringwire:Apns:PrivateKey"] = "not a key",
            ["Ringwire:Apns:BundleId"] = "com.example.app",
        }, realPushes: true));

        Assert.Contains(error.Failures, f => f.Contains("BEGIN PRIVATE KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WithAConnectionStringOfAnotherEngine_SaysSoInPlainWords()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RingwireHost.StartAsync(new Dictionary<string, string?>
        {
            ["Ringwire:Storage:Provider"] = "sqlite",
            ["Ringwire:Storage:ConnectionString"] = "Host=127.0.0.1;Port=5432;Username=ringwire",
        }));

        Assert.Contains(error.Failures, f => f.StartsWith("Ringwire:Storage:ConnectionString is not a sqlite connection string", StringComparison.Ordinal));
    }
}
