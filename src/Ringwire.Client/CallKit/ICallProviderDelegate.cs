namespace Ringwire.Client.CallKit;

/// <summary>What the system tells an app about its calls: CallKit's <c>CXProviderDelegate</c>.</summary>
public interface ICallProviderDelegate
{
    /// <summary>The system lost the provider's calls (<c>providerDidReset</c>): clean up every call; build a new provider.</summary>
    void ProviderDidReset(ICallProvider provider);

    /// <summary>The user or the app asked for an action (<c>perform*CallAction</c>); fulfil or fail it before <see cref="CallAction.TimeoutAt"/>.</summary>
    void PerformAction(ICallProvider provider, CallAction action);

    /// <summary>An action was not completed in time and has failed (<c>timedOutPerforming</c>); do not complete it now.</summary>
    void TimedOutPerforming(ICallProvider provider, CallAction action);

    /// <summary>The system activated the call's audio session (<c>didActivate</c>): start call audio now, not before.</summary>
    void DidActivateAudioSession(ICallProvider provider);

    /// <summary>The system deactivated the call's audio session (<c>didDeactivate</c>): stop call audio.</summary>
    void DidDeactivateAudioSession(ICallProvider provider);
}
