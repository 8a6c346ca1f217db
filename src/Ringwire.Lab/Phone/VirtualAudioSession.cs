namespace Ringwire.Lab.Phone;

/// <summary>The app's AVAudioSession, as far as CallKit cares: the app may try to activate it itself (R10).</summary>
public sealed class VirtualAudioSession
{
    private readonly CallDaemon _daemon;

    internal VirtualAudioSession(CallDaemon daemon)
    {
        _daemon = daemon;
    }

    /// <summary><c>setActive(_:)</c>; null on success, else why it failed (e.g. 561017449 after a remote end, DTS 749202).</summary>
    public AudioSessionError? SetActive(bool active) => _daemon.AppSetsAudioActive(active);
}
