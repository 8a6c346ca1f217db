namespace Ringwire.Server.Logging;

/// <summary>Calls: event ids 2000–2099.</summary>
internal static partial class CallLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, EventName = "CallPlaced",
        Message = "Call {CallId} from {From} to {To}: {State}.")]
    public static partial void CallPlaced(ILogger logger, Guid callId, string from, string to, Core.CallState state);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, EventName = "CallChanged",
        Message = "Call {CallId} is now {State} (version {Version}).")]
    public static partial void CallChanged(ILogger logger, Guid callId, Core.CallState state, int version);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, EventName = "DeadlineFailed",
        Message = "Could not apply the deadline of call {CallId}; retrying shortly.")]
    public static partial void DeadlineFailed(ILogger logger, Guid callId, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, EventName = "BackgroundWorkFailed",
        Message = "Background work for call {CallId} failed.")]
    public static partial void BackgroundWorkFailed(ILogger logger, Guid callId, Exception exception);
}
