namespace Ringwire.Server.Logging;

/// <summary>Start-up and configuration: event ids 1000–1099.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, EventName = "GeneratedSigningKey",
        Message = "No Ringwire:TokenSigningKey is configured: user tokens are signed with a key generated for this process and stop working when it restarts.")]
    public static partial void GeneratedSigningKey(ILogger logger);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, EventName = "GeneratedApiKey",
        Message = "No Ringwire:ApiKeys are configured. Development API key for this process: {ApiKey}")]
    public static partial void GeneratedApiKey(ILogger logger, string apiKey);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, EventName = "NoApiKeys",
        Message = "No Ringwire:ApiKeys are configured: app backends cannot mint user tokens or place calls.")]
    public static partial void NoApiKeys(ILogger logger);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, EventName = "BuiltInApns",
        Message = "No Apple key is configured (Ringwire:Apns): VoIP pushes go to the BUILT-IN APNs SIMULATOR at {Endpoint} and reach no real phone.")]
    public static partial void BuiltInApns(ILogger logger, Uri endpoint);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, EventName = "ApnsConfigured",
        Message = "APNs: key {KeyId} of team {TeamId}, bundle id {BundleId}, {Endpoint}.")]
    public static partial void ApnsConfigured(ILogger logger, string keyId, string teamId, string? bundleId, string endpoint);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, EventName = "DeadlinesRecovered",
        Message = "Re-armed the deadlines of {Count} ringing calls from the store.")]
    public static partial void DeadlinesRecovered(ILogger logger, int count);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, EventName = "CallsPurged",
        Message = "Purged {Count} calls that ended more than {Days} days ago.")]
    public static partial void CallsPurged(ILogger logger, int count, int days);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, EventName = "PurgeFailed",
        Message = "Purging old calls failed; trying again in an hour.")]
    public static partial void PurgeFailed(ILogger logger, Exception exception);
}
