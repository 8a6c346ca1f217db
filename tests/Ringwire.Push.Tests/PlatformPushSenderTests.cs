using Ringwire.Core;

namespace Ringwire.Push.Tests;

public sealed class PlatformPushSenderTests
{
    private static PushMessage Message(PushKind kind) =>
        new(kind, Guid.NewGuid(), "bob", "d1", new string('a', 64), ApnsEnvironment.Production, null, new byte[] { 1 });

    [Theory]
    [InlineData(PushKind.Voip, "apns")]
    [InlineData(PushKind.MissedCallAlert, "apns")]
    [InlineData(PushKind.AndroidIncoming, "fcm")]
    [InlineData(PushKind.AndroidEnded, "fcm")]
    public async Task Send_GoesToThePlatformsService(PushKind kind, string service)
    {
        var apns = new RecordingPushSender();
        var fcm = new RecordingPushSender();

        await new PlatformPushSender(apns, fcm).SendAsync(Message(kind), default);

        Assert.Equal(service == "apns" ? 1 : 0, apns.Sent.Count);
        Assert.Equal(service == "fcm" ? 1 : 0, fcm.Sent.Count);
    }

    [Fact]
    public async Task Send_AndroidWithoutFcm_IsAConfigurationError()
    {
        var apns = new RecordingPushSender();

        var outcome = await new PlatformPushSender(apns, fcm: null).SendAsync(Message(PushKind.AndroidIncoming), default);

        Assert.Equal(PushResult.ConfigurationError, outcome.Result);
        Assert.Equal("FcmNotConfigured", outcome.Reason);
        Assert.Empty(apns.Sent);
    }
}
