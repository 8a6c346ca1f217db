using Ringwire.Client.CallKit;
using Ringwire.Client.PushKit;

namespace Ringwire.Lab.Phone;

/// <summary>
/// One run of the app, from launch to termination. It is the <see cref="ICallSystem"/> the app was given; once it is
/// dead, whatever the app still calls on it is ignored, as a dead process calls nothing.
/// </summary>
internal sealed class AppInstance(CallDaemon daemon, int number) : ICallSystem
{
    public int Number { get; } = number;

    /// <summary>Guarded by the daemon's lock.</summary>
    public bool Alive { get; set; } = true;

    /// <summary>The PushKit delegate the launch returned; guarded by the daemon's lock.</summary>
    public IVoipPushReceiver? Receiver { get; set; }

    public ICallProvider CreateProvider(CallProviderConfiguration configuration, ICallProviderDelegate handler)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(handler);
        return daemon.CreateProvider(this, configuration, handler);
    }

    public void RequestTransaction(CallActionKind kind, Guid callUuid, Action<RequestTransactionError?> completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        daemon.RequestTransaction(this, kind, callUuid, completion);
    }

    public override string ToString() => $"app instance #{Number}";
}
