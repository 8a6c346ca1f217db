namespace Ringwire.Client;

/// <summary>A call as this device tracks it, at one moment.</summary>
/// <param name="Uuid">The CallKit UUID (the call id, except for a push whose call id could not be read).</param>
/// <param name="CallId">The server's call id.</param>
/// <param name="Direction">Incoming or outgoing.</param>
/// <param name="State">Where it stands on this device.</param>
/// <param name="EndReason">Why it ended, as CallKit was told; null while live, or when this device's user ended it.</param>
/// <param name="From">The caller's user id (empty when unknown).</param>
/// <param name="To">The callee's user id (empty when unknown).</param>
/// <param name="CallerName">The caller's display name, if any.</param>
/// <param name="IsInApp">Whether the call is shown by the app only, not by the system (a push that need not be reported).</param>
public sealed record DeviceCall(
    Guid Uuid,
    Guid CallId,
    CallDirection Direction,
    DeviceCallState State,
    CallKit.CallEndedReason? EndReason,
    string From,
    string To,
    string? CallerName,
    bool IsInApp);
