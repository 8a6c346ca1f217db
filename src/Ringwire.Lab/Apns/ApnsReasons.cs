namespace Ringwire.Lab.Apns;

/// <summary>The reason strings of APNs error answers (A2), spelled exactly as Apple sends them.</summary>
public static class ApnsReasons
{
    public const string BadCollapseId = "BadCollapseId";
    public const string BadDeviceToken = "BadDeviceToken";
    public const string BadExpirationDate = "BadExpirationDate";
    public const string BadMessageId = "BadMessageId";
    public const string BadPriority = "BadPriority";
    public const string BadTopic = "BadTopic";
    public const string DeviceTokenNotForTopic = "DeviceTokenNotForTopic";
    public const string DuplicateHeaders = "DuplicateHeaders";
    public const string InvalidPushType = "InvalidPushType";
    public const string MissingDeviceToken = "MissingDeviceToken";
    public const string MissingTopic = "MissingTopic";
    public const string PayloadEmpty = "PayloadEmpty";
    public const string TopicDisallowed = "TopicDisallowed";
    public const string ExpiredProviderToken = "ExpiredProviderToken";
    public const string InvalidProviderToken = "InvalidProviderToken";
    public const string MissingProviderToken = "MissingProviderToken";
    public const string UnrelatedKeyIdInToken = "UnrelatedKeyIdInToken";
    public const string BadPath = "BadPath";
    public const string MethodNotAllowed = "MethodNotAllowed";
    public const string Unregistered = "Unregistered";
    public const string PayloadTooLarge = "PayloadTooLarge";
    public const string TooManyProviderTokenUpdates = "TooManyProviderTokenUpdates";
    public const string TooManyRequests = "TooManyRequests";
    public const string InternalServerError = "InternalServerError";
    public const string ServiceUnavailable = "ServiceUnavailable";
    public const string Shutdown = "Shutdown";
}
