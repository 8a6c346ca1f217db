using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Phone;

/// <summary>One VoIP push handed to one app instance, and whether a call was reported for it. Guarded by the daemon's lock.</summary>
internal sealed class PushDelivery(ApnsNotification notification, AppInstance app, bool required, bool? mustReport)
{
    public ApnsNotification Notification { get; } = notification;

    public AppInstance App { get; } = app;

    /// <summary>Whether a report is enforced for it (not exempt by R5).</summary>
    public bool Required { get; } = required;

    public bool? MustReport { get; } = mustReport;

    public bool Reported { get; set; }

    /// <summary>R2's callservicesd check, armed at delivery.</summary>
    public ITimer? DaemonCheck { get; set; }
}
