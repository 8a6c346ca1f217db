using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Phone;

/// <summary>
/// One line of a phone's timeline, stamped with the true time (not the phone's skewed clock). <paramref name="Detail"/>
/// says it in words; the typed members are there for assertions.
/// </summary>
public sealed record PhoneEvent(DateTimeOffset At, PhoneEventKind Kind, string Detail)
{
    public Guid? CallUuid { get; init; }

    public Guid? ApnsId { get; init; }

    public IncomingCallError? IncomingError { get; init; }

    public RequestTransactionError? TransactionError { get; init; }

    public CallEndedReason? EndReason { get; init; }

    public PhoneActor? By { get; init; }

    public CrashKind? Crash { get; init; }

    /// <summary>For crashes: the exact reason or code; for drops: the log line.</summary>
    public string? Message { get; init; }

    /// <summary>For strikes: how many are in the window now.</summary>
    public int? Strikes { get; init; }

    public CallActionKind? Action { get; init; }

    public CallActionResult? ActionResult { get; init; }

    public CallHandle? Handle { get; init; }

    public string? CallerName { get; init; }

    /// <summary>For delivered VoIP pushes: the mustReport PushKit passed (null before iOS 26.4).</summary>
    public bool? MustReport { get; init; }

    /// <summary>On a delivered VoIP push: whether the app must report it (not exempt by R5), so callservicesd will check.</summary>
    public bool? ReportRequired { get; init; }

    public override string ToString() => $"{At:HH:mm:ss.fff} {Kind,-24} {Detail}";
}
