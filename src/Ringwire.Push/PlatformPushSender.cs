namespace Ringwire.Push;

/// <summary>Sends each push through the service of its platform: APNs for iPhones, FCM for Android.</summary>
public sealed class PlatformPushSender(IPushSender apns, IPushSender? fcm) : IPushSender
{
    /// <summary>The outcome of an Android push while no FCM sender is configured.</summary>
    public static readonly PushOutcome FcmNotConfigured = new(PushResult.ConfigurationError, "FcmNotConfigured");

    public ValueTask<PushOutcome> SendAsync(PushMessage message, CancellationToken cancellationToken) => message.Kind switch
    {
        PushKind.Voip or PushKind.MissedCallAlert => apns.SendAsync(message, cancellationToken),
        _ when fcm is not null => fcm.SendAsync(message, cancellationToken),
        _ => ValueTask.FromResult(FcmNotConfigured),
    };
}
