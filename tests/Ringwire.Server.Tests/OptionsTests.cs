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
}
