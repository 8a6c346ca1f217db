namespace Ringwire.Push;

/// <summary>What a push service said, reduced to what the server must do about it.</summary>
public enum PushResult
{
    Delivered,
    /// <summary>The token will never work again (APNs 410 Unregistered, BadDeviceToken, DeviceTokenNotForTopic).</summary>
    TokenDead,
    /// <summary>Worth another try while the call still rings (429, 500, 503, connection failure).</summary>
    Retryable,
    /// <summary>Our side is wrong (bad key, topic, team): no retry helps.</summary>
    ConfigurationError,
}
