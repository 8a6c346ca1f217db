namespace Ringwire.Client.PushKit;

/// <summary>
/// The app's PushKit delegate for VoIP pushes. The system calls it synchronously; before it returns the app must have
/// reported a call to CallKit unless <see cref="VoipPush.MustReport"/> is false (PushKit docs; DTS thread 817976).
/// </summary>
public interface IVoipPushReceiver
{
    /// <summary>A VoIP push arrived (<c>didReceiveIncomingPushWith</c>, or on iOS 26.4+ <c>didReceiveIncomingVoIPPushWith:metadata:</c>).</summary>
    void DidReceiveIncomingVoipPush(VoipPush push, Action completion);
}
