using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Phone;

/// <summary>A CXProvider of one app instance; every call goes to the daemon, which owns the state.</summary>
internal sealed class VirtualCallProvider(CallDaemon daemon, AppInstance app, CallProviderConfiguration configuration, ICallProviderDelegate handler, int number)
    : ICallProvider
{
    public AppInstance App { get; } = app;

    public CallProviderConfiguration Configuration { get; } = configuration;

    public ICallProviderDelegate Handler { get; } = handler;

    public int Number { get; } = number;

    /// <summary>False after a reset (R9) or invalidate: callservicesd no longer knows it. Guarded by the daemon's lock.</summary>
    public bool Live { get; set; } = true;

    public void ReportNewIncomingCall(Guid callUuid, CallUpdate update, Action<IncomingCallError?> completion)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(completion);
        daemon.ReportNewIncomingCall(this, callUuid, update, completion);
    }

    public void ReportCallUpdated(Guid callUuid, CallUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        daemon.ReportCallUpdated(this, callUuid, update);
    }

    public void ReportCallEnded(Guid callUuid, DateTimeOffset? endedAt, CallEndedReason reason) => daemon.ReportCallEnded(this, callUuid, endedAt, reason);

    public void ReportOutgoingCallStartedConnecting(Guid callUuid, DateTimeOffset? at) => daemon.ReportOutgoingCallStartedConnecting(this, callUuid, at);

    public void ReportOutgoingCallConnected(Guid callUuid, DateTimeOffset? at) => daemon.ReportOutgoingCallConnected(this, callUuid, at);

    public void Invalidate() => daemon.Invalidate(this);

    public override string ToString() => $"provider #{Number} of {App}";
}
