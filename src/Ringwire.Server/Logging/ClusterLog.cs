namespace Ringwire.Server.Logging;

/// <summary>Nodes sharing one database: event ids 5000–5099.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, EventName = "Listening",
        Message = "Node {NodeId} is listening for the other nodes' call changes.")]
    public static partial void Listening(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, EventName = "ListenerLost",
        Message = "Node {NodeId} cannot listen for the other nodes' call changes; trying again in {DelayMs} ms.")]
    public static partial void ListenerLost(ILogger logger, string nodeId, double delayMs, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, EventName = "Resynchronised",
        Message = "Listening again: re-sent {Calls} calls changed since {Since} to the devices of {Users} users connected here.")]
    public static partial void Resynchronised(ILogger logger, int calls, int users, DateTimeOffset since);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, EventName = "AnnounceFailed",
        Message = "Telling the other nodes about {Count} call changes failed; trying again.")]
    public static partial void AnnounceFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, EventName = "NoticeReadFailed",
        Message = "Reading call {CallId}, which another node changed, failed: its devices here were not told.")]
    public static partial void NoticeReadFailed(ILogger logger, Guid callId, Exception exception);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, EventName = "SweepFailed",
        Message = "Sweeping overdue calls failed; trying again at the next sweep.")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, EventName = "CallsSwept",
        Message = "Ended {Count} overdue calls that no node's timer had ended (a node stopped, or was late).")]
    public static partial void CallsSwept(ILogger logger, int count);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, EventName = "PresenceFailed",
        Message = "Recording which devices are connected to node {NodeId} failed.")]
    public static partial void PresenceFailed(ILogger logger, string nodeId, Exception exception);
}
