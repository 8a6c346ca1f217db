namespace Ringwire.Server.Logging;

/// <summary>Lab mode's virtual iPhones: event ids 8000–8099.</summary>
internal static partial class LabLog
{
    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, EventName = "VirtualPhoneCreated",
        Message = "Virtual iPhone {PhoneId} of {UserId} switched on (app running: {AppRunning}, latency {LatencyMs} ms); it reaches the server at {ServerAddress}.")]
    public static partial void PhoneCreated(ILogger logger, string phoneId, string userId, bool appRunning, int latencyMs, Uri serverAddress);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, EventName = "VirtualPhoneDeleted",
        Message = "Virtual iPhone {PhoneId} of {UserId} switched off and its device deleted.")]
    public static partial void PhoneDeleted(ILogger logger, string phoneId, string userId);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, EventName = "VirtualPhoneDeviceNotDeleted",
        Message = "Virtual iPhone {PhoneId} of {UserId} is switched off, but deleting its device registration failed; it stays registered.")]
    public static partial void DeviceNotDeleted(ILogger logger, string phoneId, string userId, Exception exception);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, EventName = "VirtualPhonesNoHttpAddress",
        Message = "Virtual iPhones need the server to listen on a plain http:// address; it listens on {Addresses}.")]
    public static partial void NoHttpAddress(ILogger logger, string addresses);
}
