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
}
