namespace Ringwire.Push;

/// <summary>What a push service said, reduced to what the server must do about it.</summary>
public enum PushResult
{
    Delivered,
    /// <summary>The token will never work again (APNs 410 Unregistered, BadDeviceToken, DeviceTokenNotForTopic).</summary>
    TokenDead,
    /// <summary>Not taken, and worth another try while the call still rings (429, 500, 503, no connection).</summary>
    Retryable,
    /// <summary>
    /// The request may have reached the service, but no answer came (stream reset, timeout). Not retried: a retry
    /// could wake the device a second time for the same call.
    /// </summary>
    Unconfirmed,
    /// <summary>Our side is wrong (bad key, topic, team): no retry helps.</summary>
    ConfigurationError,
}
