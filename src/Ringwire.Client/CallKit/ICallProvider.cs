namespace Ringwire.Client.CallKit;

/// <summary>What an app tells the system about its calls: CallKit's <c>CXProvider</c>.</summary>
public interface ICallProvider
{
    /// <summary>Reports a new incoming call; a non-null error means the system will not show it (<c>reportNewIncomingCall</c>).</summary>
    void ReportNewIncomingCall(Guid callUuid, CallUpdate update, Action<IncomingCallError?> completion);

    /// <summary>Updates what the system shows for a call; unset fields are left as they are (<c>reportCall(with:updated:)</c>).</summary>
    void ReportCallUpdated(Guid callUuid, CallUpdate update);

    /// <summary>Tells the system a call ended without a user action (<c>reportCall(with:endedAt:reason:)</c>); null means now.</summary>
    void ReportCallEnded(Guid callUuid, DateTimeOffset? endedAt, CallEndedReason reason);

    /// <summary>Tells the system an outgoing call started connecting (<c>reportOutgoingCall(with:startedConnectingAt:)</c>); null means now.</summary>
    void ReportOutgoingCallStartedConnecting(Guid callUuid, DateTimeOffset? at);

    /// <summary>
    /// Tells the system an outgoing call connected: both sides can talk; the in-call timer and the Recents duration count
    /// from then (<c>reportOutgoingCall(with:connectedAt:)</c>); null means now.
    /// </summary>
    void ReportOutgoingCallConnected(Guid callUuid, DateTimeOffset? at);

    /// <summary>Ends every call of this provider as failed; the provider is unusable afterwards (<c>invalidate()</c>).</summary>
    void Invalidate();
}
