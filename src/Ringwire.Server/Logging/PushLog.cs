namespace Ringwire.Server.Logging;

/// <summary>Pushes: event ids 3000–3099. Tokens are always redacted.</summary>
internal static partial class PushLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, EventName = "PushSent",
        Message = "{Kind} push for call {CallId} to device {DeviceId} (token {Token}): {Result} {Reason}.")]
    public static partial void PushSent(ILogger logger, Push.PushKind kind, Guid callId, string deviceId, string token, Push.PushResult result, string? reason);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, EventName = "PushConfigurationError",
        Message = "{Kind} push for call {CallId} was refused because of OUR configuration: {Reason}. Check the push credentials.")]
    public static partial void PushConfigurationError(ILogger logger, Push.PushKind kind, Guid callId, string? reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, EventName = "PushSenderThrew",
        Message = "The push sender threw for call {CallId}; counted as a failed push.")]
    public static partial void PushSenderThrew(ILogger logger, Guid callId, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, EventName = "PushTokenForgotten",
        Message = "Device {DeviceId} of {UserId}: its push token {Token} is dead ({Reason}) and was removed.")]
    public static partial void PushTokenForgotten(ILogger logger, string userId, string deviceId, string token, string? reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, EventName = "PushRetrying",
        Message = "{Kind} push for call {CallId} to device {DeviceId} refused ({Reason}); attempt {Attempt} in {DelayMs} ms.")]
    public static partial void PushRetrying(ILogger logger, Push.PushKind kind, Guid callId, string deviceId, string? reason, int attempt, double delayMs);
}
