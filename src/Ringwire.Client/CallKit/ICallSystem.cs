namespace Ringwire.Client.CallKit;

/// <summary>
/// The phone's call system as an app sees it: CallKit's <c>CXProvider</c> factory and <c>CXCallController</c>.
/// A real CallKit adapter and the Lab's virtual iPhone both implement it.
/// </summary>
public interface ICallSystem
{
    /// <summary>Creates a provider whose callbacks go to <paramref name="handler"/> (<c>CXProvider(configuration:)</c> + <c>setDelegate</c>).</summary>
    ICallProvider CreateProvider(CallProviderConfiguration configuration, ICallProviderDelegate handler);

    /// <summary>Asks the system to perform an action on a call (<c>CXCallController.request</c>); a null error means it was accepted.</summary>
    void RequestTransaction(CallActionKind kind, Guid callUuid, Action<RequestTransactionError?> completion);
}
