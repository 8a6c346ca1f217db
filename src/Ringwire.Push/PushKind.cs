namespace Ringwire.Push;

public enum PushKind
{
    /// <summary>PushKit VoIP push: wakes an iPhone, which must report a call (contract §7).</summary>
    Voip,
    /// <summary>Regular APNs alert after a call ended unanswered.</summary>
    MissedCallAlert,
    /// <summary>FCM high-priority data message announcing a call.</summary>
    AndroidIncoming,
    /// <summary>FCM high-priority data message telling a disconnected Android device how its call ended.</summary>
    AndroidEnded,
}
