using System.Reflection;
using Ringwire.Lab.Apns;
using Ringwire.Push.Apns;

namespace Ringwire.Push.Tests.Apns;

/// <summary>The plain-words table: every reason Apple documents is explained, and each points at the right thing.</summary>
public sealed class ApnsDiagnosesTests
{
    /// <summary>A2's reasons, as the simulator spells them, plus the ones only real APNs sends.</summary>
    public static TheoryData<string> AppleReasons()
    {
        var reasons = typeof(ApnsReasons).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!);
        return [.. reasons.Concat(["BadCertificate", "BadCertificateEnvironment", "Forbidden", "BadEnvironmentKeyIdInToken", "IdleTimeout", "ExpiredToken"])];
    }

    [Theory]
    [MemberData(nameof(AppleReasons))]
    public void For_EveryReasonAppleDocuments_IsExplained(string reason)
    {
        var diagnosis = ApnsDiagnoses.For(new PushOutcome(PushResult.ConfigurationError, reason, 400));

        Assert.NotEqual(ApnsSuspect.Unknown, diagnosis.Suspect);
        Assert.False(string.IsNullOrWhiteSpace(diagnosis.Meaning));
        Assert.False(string.IsNullOrWhiteSpace(diagnosis.Remedy));
    }

    [Theory]
    [InlineData(403, "InvalidProviderToken", ApnsSuspect.Credentials)]
    [InlineData(403, "ExpiredProviderToken", ApnsSuspect.Clock)]
    [InlineData(400, "TopicDisallowed", ApnsSuspect.BundleId)]
    [InlineData(400, "BadTopic", ApnsSuspect.BundleId)]
    [InlineData(400, "DeviceTokenNotForTopic", ApnsSuspect.BundleId)]
    [InlineData(400, "BadDeviceToken", ApnsSuspect.DeviceToken)]
    [InlineData(410, "Unregistered", ApnsSuspect.DeviceToken)]
    [InlineData(429, "TooManyProviderTokenUpdates", ApnsSuspect.Throttling)]
    [InlineData(403, "BadEnvironmentKeyInToken", ApnsSuspect.Credentials)]
    [InlineData(null, "ConnectionError", ApnsSuspect.Network)]
    [InlineData(null, "SecureConnectionError", ApnsSuspect.Network)]
    [InlineData(null, "Timeout", ApnsSuspect.Network)]
    [InlineData(null, "HttpProtocolError", ApnsSuspect.Network)]
    [InlineData(502, "BadGateway", ApnsSuspect.Apple)]
    [InlineData(400, "SomethingNew", ApnsSuspect.Unknown)]
    public void For_PointsAtTheRightSuspect(int? status, string reason, ApnsSuspect expected) =>
        Assert.Equal(expected, ApnsDiagnoses.For(new PushOutcome(PushResult.ConfigurationError, reason, status)).Suspect);

    [Fact]
    public void For_Delivered_PointsAtNothing() =>
        Assert.Equal(ApnsSuspect.None, ApnsDiagnoses.For(PushOutcome.Delivered).Suspect);
}
