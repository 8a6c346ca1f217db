using Ringwire.Client.PushKit;

namespace Ringwire.Lab.Scenarios;

/// <summary>A broken app: its PushKit handler returns without reporting a call. iOS must catch it (R1, R2, R4).</summary>
internal sealed class UnreportingApp : IVoipPushReceiver
{
    public void DidReceiveIncomingVoipPush(VoipPush push, Action completion) => completion();
}
