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

    /// <summary>Ends every call of this provider as failed; the provider is unusable afterwards (<c>invalidate()</c>).</summary>
    void Invalidate();
}
