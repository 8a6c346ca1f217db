namespace Ringwire.Core;

/// <summary>The trace's event types (contract §5 lists the minimum).</summary>
public static class TraceEventType
{
    public const string Created = "created";
    public const string PushSent = "push.sent";
    public const string PushFailed = "push.failed";
    /// <summary>A push service refused a push for now (429, 5xx, no connection); another attempt follows.</summary>
    public const string PushRetrying = "push.retrying";
    public const string AlertSent = "alert.sent";
    public const string AlertFailed = "alert.failed";
    public const string Claimed = "claimed";
    public const string Reported = "reported";

    /// <summary>The type that records a call entering <paramref name="state"/>.</summary>
    public static string For(CallState state) => state == CallState.Ringing ? Created : state.EventName();
}
