using Ringwire.Client.PushKit;
using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Phone;

/// <summary>
/// PushKit inside the app's process: hands a VoIP push to the app's delegate on the main queue and checks, the moment
/// the delegate returns, that a call was reported for it.
/// </summary>
internal sealed class PushRegistry(CallDaemon daemon)
{
    /// <summary>R1: the exception's exact reason since iOS 13.x (platform rules 1.2; DTS thread 817976, forum 801446).</summary>
    public const string NeverReportedReason =
        "Killing app because it never posted an incoming call to the system after receiving a PushKit VoIP push.";

    public const string NeverReportedException = "NSInternalInconsistencyException";

    /// <summary>
    /// R5: whether a report is enforced, decided from callservicesd's view of the app, not the app's own (DTS 817976:
    /// "what actually matters is what state IT thinks your app is in"). Foreground or an active call exempt on every
    /// version (DTS 768136); on 26.4+ they give mustReport = false, and so does a push delivered later than
    /// <paramref name="ageThreshold"/> after APNs took it (PKVoIPPushMetadata docs; the threshold is an ASSUMPTION).
    /// Before 26.4 PushKit passes no metadata (null) and a stale push must still be reported.
    /// </summary>
    public static (bool Required, bool? MustReport) Judge(IosVersion version, bool foreground, bool hasActiveCall, TimeSpan age, TimeSpan ageThreshold)
    {
        var exempt = foreground || hasActiveCall;
        if (version == IosVersion.Before26_4)
        {
            return (!exempt, null);
        }

        var mustReport = !(exempt || age > ageThreshold);
        return (mustReport, mustReport);
    }

    /// <summary>Runs on the main queue: launch if needed, call the delegate synchronously, then check (R1).</summary>
    public void Deliver(ApnsNotification notification)
    {
        if (daemon.BeginVoipDelivery(notification) is not var (delivery, launch))
        {
            return;
        }

        var app = delivery.App;
        if (launch && !daemon.RunLaunch(app, "VoIP push"))
        {
            return;
        }

        if (daemon.ReceiverOf(app) is not { } receiver)
        {
            // No delegate configured at launch: only callservicesd's check (R2) catches this (DTS 817976, 781211).
            return;
        }

        daemon.EnterHandler(delivery);
        try
        {
            // R3: the completion handler "has no role in any of this" (DTS 817976): it is recorded, never checked.
            receiver.DidReceiveIncomingVoipPush(new VoipPush(notification.Payload, delivery.MustReport), () => daemon.CompletionCalled(delivery));
        }
        catch (Exception e)
        {
            daemon.ExitHandler(delivery);
            daemon.Crash(app, CrashKind.UncaughtException, e.GetType().FullName + ": " + e.Message, strike: delivery.Required && !daemon.WasReported(delivery));
            return;
        }

        daemon.ExitHandler(delivery);

        // R1: PKPushRegistry checks CallKit's "did report call" flag as soon as the delegate returns (DTS 817976).
        if (delivery.Required && !daemon.WasReported(delivery))
        {
            daemon.Crash(app, CrashKind.NeverReportedException, NeverReportedReason, strike: true);
        }
    }
}
