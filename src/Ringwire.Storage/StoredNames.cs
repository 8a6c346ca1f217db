using Ringwire.Core;

namespace Ringwire.Storage;

/// <summary>
/// The names enums are stored under, in every database (the contract's wire names: CallState 'ringing', EndReason
/// 'caller_cancelled', HandleType 'phoneNumber', ...). Explicit tables rather than the JSON attributes, so renaming a
/// C# member or a wire name never silently changes what is stored. SQLite and PostgreSQL both read and write through
/// these tables, so the two databases hold the same names (and their CHECK constraints list them).
/// </summary>
internal static class StoredNames
{
    public static string Text(CallState value) => value switch
    {
        CallState.Ringing => "ringing",
        CallState.Answered => "answered",
        CallState.Cancelled => "cancelled",
        CallState.Declined => "declined",
        CallState.Missed => "missed",
        CallState.Unreachable => "unreachable",
        CallState.Ended => "ended",
        _ => throw Unwritable(value),
    };

    public static CallState ToCallState(string text) => text switch
    {
        "ringing" => CallState.Ringing,
        "answered" => CallState.Answered,
        "cancelled" => CallState.Cancelled,
        "declined" => CallState.Declined,
        "missed" => CallState.Missed,
        "unreachable" => CallState.Unreachable,
        "ended" => CallState.Ended,
        _ => throw Unreadable<CallState>(text),
    };

    public static string? Text(EndReason? value) => value switch
    {
        null => null,
        EndReason.CallerCancelled => "caller_cancelled",
        EndReason.CalleeDeclined => "callee_declined",
        EndReason.Busy => "busy",
        EndReason.RingTimeout => "ring_timeout",
        EndReason.Dnd => "dnd",
        EndReason.NoDevices => "no_devices",
        EndReason.PushFailed => "push_failed",
        EndReason.ClaimTimeout => "claim_timeout",
        EndReason.Hangup => "hangup",
        _ => throw Unwritable(value),
    };

    public static EndReason? ToEndReason(string? text) => text switch
    {
        null => null,
        "caller_cancelled" => EndReason.CallerCancelled,
        "callee_declined" => EndReason.CalleeDeclined,
        "busy" => EndReason.Busy,
        "ring_timeout" => EndReason.RingTimeout,
        "dnd" => EndReason.Dnd,
        "no_devices" => EndReason.NoDevices,
        "push_failed" => EndReason.PushFailed,
        "claim_timeout" => EndReason.ClaimTimeout,
        "hangup" => EndReason.Hangup,
        _ => throw Unreadable<EndReason>(text),
    };

    public static string Text(HandleType value) => value switch
    {
        HandleType.Generic => "generic",
        HandleType.PhoneNumber => "phoneNumber",
        HandleType.EmailAddress => "emailAddress",
        _ => throw Unwritable(value),
    };

    public static HandleType ToHandleType(string text) => text switch
    {
        "generic" => HandleType.Generic,
        "phoneNumber" => HandleType.PhoneNumber,
        "emailAddress" => HandleType.EmailAddress,
        _ => throw Unreadable<HandleType>(text),
    };

    public static string Text(PushStatus value) => value switch
    {
        PushStatus.Pending => "pending",
        PushStatus.Sent => "sent",
        PushStatus.Failed => "failed",
        PushStatus.None => "none",
        PushStatus.Skipped => "skipped",
        _ => throw Unwritable(value),
    };

    public static PushStatus ToPushStatus(string text) => text switch
    {
        "pending" => PushStatus.Pending,
        "sent" => PushStatus.Sent,
        "failed" => PushStatus.Failed,
        "none" => PushStatus.None,
        "skipped" => PushStatus.Skipped,
        _ => throw Unreadable<PushStatus>(text),
    };

    public static string Text(Platform value) => value switch
    {
        Platform.Ios => "ios",
        Platform.Android => "android",
        Platform.Web => "web",
        _ => throw Unwritable(value),
    };

    public static Platform ToPlatform(string text) => text switch
    {
        "ios" => Platform.Ios,
        "android" => Platform.Android,
        "web" => Platform.Web,
        _ => throw Unreadable<Platform>(text),
    };

    public static string Text(ApnsEnvironment value) => value switch
    {
        ApnsEnvironment.Production => "production",
        ApnsEnvironment.Sandbox => "sandbox",
        _ => throw Unwritable(value),
    };

    public static ApnsEnvironment ToApnsEnvironment(string text) => text switch
    {
        "production" => ApnsEnvironment.Production,
        "sandbox" => ApnsEnvironment.Sandbox,
        _ => throw Unreadable<ApnsEnvironment>(text),
    };

    private static ArgumentOutOfRangeException Unwritable<T>(T value) =>
        new(nameof(value), value, $"No stored name for this {typeof(T).Name}.");

    private static InvalidOperationException Unreadable<T>(string text) =>
        new($"The database holds an unknown {typeof(T).Name} '{text}'.");
}
