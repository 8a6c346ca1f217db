namespace Ringwire.Lab.Phone;

/// <summary>
/// R10: call audio as callservicesd runs it: the call audio session it activates and deactivates, the app's own
/// setActive, and the cellular call that holds VoIP calls and may leave them without audio. Not thread-safe: the daemon
/// holds its lock; app code only runs posted to the main queue.
/// </summary>
internal sealed class CallAudio(TimeProvider time, PhoneTimeline timeline, Action<AppInstance, Action> postToApp)
{
    private bool _cellular;

    // R10: the call audio session callservicesd activated (didActivate sent), and whether a remote end of the other call
    // took away the app's right to get it back (DTS 749202).
    private bool _callAudioActive;
    private bool _audioPriorityLost;

    public bool CellularCallInProgress => _cellular;

    /// <summary>
    /// R10: only callservicesd activates call audio, after Answer/Start is fulfilled (Apple's Speakerbox sample; DTS 758386):
    /// for an outgoing call that is before it connects (Speakerbox fulfils the start, then reports it connecting and
    /// connected later).
    /// </summary>
    public void Activate(VirtualCallProvider provider)
    {
        if (_callAudioActive)
        {
            return;
        }

        _callAudioActive = true;
        _audioPriorityLost = false;
        Add(Event(PhoneEventKind.AudioActivated, $"callservicesd activates call audio ({provider})") with { By = PhoneActor.System });
        postToApp(provider.App, () => provider.Handler.DidActivateAudioSession(provider));
    }

    public void Deactivate(VirtualCallProvider provider)
    {
        if (!_callAudioActive)
        {
            return;
        }

        _callAudioActive = false;
        Add(Event(PhoneEventKind.AudioDeactivated, $"callservicesd deactivates call audio ({provider})") with { By = PhoneActor.System });
        if (provider.Live && provider.App.Alive)
        {
            postToApp(provider.App, () => provider.Handler.DidDeactivateAudioSession(provider));
        }
    }

    /// <summary><paramref name="call"/> came off hold (its Unhold was fulfilled).</summary>
    public void Unheld(PhoneCall call)
    {
        if (_cellular || _audioPriorityLost)
        {
            // R10: after a remote end of the other call, unholding brings no didActivate (DTS 749202, intentional).
            Add(Event(PhoneEventKind.AudioActivationFailed, $"call {call.Short}: no didActivate after unhold (other call ended remotely or still on)") with
            {
                CallUuid = call.Uuid,
                By = PhoneActor.System,
            });
        }
        else
        {
            Activate(call.Provider);
        }
    }

    /// <summary>
    /// R10: the app activates its own audio session. While a cellular call is on, or after the other call ended remotely
    /// with the VoIP call held, CallKit's phone session outranks it: 561017449 (DTS 749202).
    /// </summary>
    public AudioSessionError? AppSetsActive(bool active, bool anyCall)
    {
        if (!active)
        {
            Add(Event(PhoneEventKind.AudioDeactivated, "app deactivates its audio session") with { By = PhoneActor.App });
            return null;
        }

        if (_cellular || _audioPriorityLost)
        {
            var error = AudioSessionError.InsufficientPriority;
            Add(Event(PhoneEventKind.AudioActivationFailed, $"app's setActive(true) failed: {error} ({(int)error})") with { By = PhoneActor.App });
            return error;
        }

        var early = anyCall && !_callAudioActive ? " before the system activated call audio (apps must wait for didActivate)" : "";
        Add(Event(PhoneEventKind.AudioActivated, "app activates its audio session" + early) with { By = PhoneActor.App });
        return null;
    }

    /// <summary>
    /// R10: a cellular call comes in and is taken: every VoIP call with call audio (connected, or outgoing and still
    /// calling) is held (CXSetHeldCallAction, then didDeactivate). Returns the calls to hold.
    /// </summary>
    public IReadOnlyList<PhoneCall> StartCellular(IEnumerable<PhoneCall> calls)
    {
        if (_cellular)
        {
            return [];
        }

        _cellular = true;
        Add(Event(PhoneEventKind.CellularCallStarted, "cellular call in progress"));
        return [.. calls.Where(c => c.HasCallAudio)];
    }

    /// <summary>
    /// R10: the cellular call ends. Ended by the user from the CallKit UI → the held VoIP call is resumed (Unhold, then
    /// didActivate); ended by the remote side → it stays held, and neither unholding nor the app's own setActive gets audio
    /// back (DTS 749202; forum 715488). Returns the calls to unhold.
    /// </summary>
    public IReadOnlyList<PhoneCall> EndCellular(bool byUser, IEnumerable<PhoneCall> calls)
    {
        if (!_cellular)
        {
            return [];
        }

        _cellular = false;
        Add(Event(PhoneEventKind.CellularCallEnded, byUser ? "cellular call ended by the user" : "cellular call ended by the remote side") with
        {
            By = byUser ? PhoneActor.User : PhoneActor.System,
        });
        var held = calls.Where(c => c.State == CallState.Held && c.HeldForCellular).ToList();
        foreach (var call in held)
        {
            call.HeldForCellular = false;
        }

        if (!byUser && held.Count > 0)
        {
            _audioPriorityLost = true;
        }

        return byUser ? held : [];
    }

    /// <summary>The last call ended: no call audio, and the next call starts with its right to audio back.</summary>
    public void CallsGone()
    {
        _audioPriorityLost = false;
        _callAudioActive = false;
    }

    /// <summary>callservicesd restarted (R9): its call audio session is gone with it.</summary>
    public void Reset() => _callAudioActive = false;

    private PhoneEvent Event(PhoneEventKind kind, string detail) => new(time.GetUtcNow(), kind, detail);

    private void Add(PhoneEvent phoneEvent) => timeline.Add(phoneEvent);
}
