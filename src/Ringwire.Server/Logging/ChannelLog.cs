namespace Ringwire.Server.Logging;

/// <summary>The device channel: event ids 4000–4099.</summary>
internal static partial class ChannelLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, EventName = "DeviceConnected",
        Message = "Device {DeviceId} of {UserId} connected.")]
    public static partial void DeviceConnected(ILogger logger, string userId, string deviceId);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, EventName = "DeviceDisconnected",
        Message = "Device {DeviceId} of {UserId} disconnected.")]
    public static partial void DeviceDisconnected(ILogger logger, string userId, string deviceId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, EventName = "SendFailed",
        Message = "Sending to device {DeviceId} of {UserId} failed; closing its connection.")]
    public static partial void SendFailed(ILogger logger, string userId, string deviceId, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, EventName = "SlowConsumer",
        Message = "Device {DeviceId} of {UserId} is not reading its messages; closing its connection.")]
    public static partial void SlowConsumer(ILogger logger, string userId, string deviceId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, EventName = "ConnectionLost",
        Message = "Connection of device {DeviceId} of {UserId} was lost.")]
    public static partial void ConnectionLost(ILogger logger, string userId, string deviceId, Exception exception);
}
