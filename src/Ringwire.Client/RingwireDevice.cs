using Ringwire.Client.CallKit;
using Ringwire.Client.PushKit;
using Ringwire.Core;

namespace Ringwire.Client;

/// <summary>
/// What an app does with calls, encoded once: answers VoIP pushes by the platform's rules, keeps CallKit and the
/// server in step, and survives drops and provider resets. Decisions are made under one lock; calls into the system
/// and into the network are made outside it.
/// </summary>
public sealed class RingwireDevice : IVoipPushReceiver, ICallProviderDelegate, IAsyncDisposable
{
    private const int EndedCallsKept = 100;

    private readonly RingwireDeviceOptions _options;
    private readonly ICallSystem _system;
    private readonly RingwireChannel _channel;
    private readonly RingwireApi _api;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, TrackedCall> _calls = [];
    // Events about outgoing calls that arrived before PlaceCallAsync learned the call id.
    private readonly Dictionary<Guid, CallEvent> _early = [];
    private readonly HashSet<Task> _background = [];
    private ICallProvider _provider;
    private string? _userId;
    private long _order;
    private readonly HashSet<Guid> _claiming = [];
    private volatile bool _inForeground;
    private bool _disposed;

    /// <summary>A device that reaches the server as <paramref name="options"/> say and the OS through <paramref name="system"/>.</summary>
    /// <param name="options">The server, the device, and the app's choices.</param>
    /// <param name="system">The phone's call system (CallKit, or the Lab's virtual iPhone).</param>
    /// <param name="http">For REST requests; a new one when null. Its base address is not used.</param>
    public RingwireDevice(RingwireDeviceOptions options, ICallSystem system, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(system);
        _options = options;
        _system = system;
        _userId = options.UserId;
        _api = new RingwireApi(options, http, subject =>
        {
            lock (_lock)
            {
                _userId = subject;
            }
        });
        _channel = new RingwireChannel(new RingwireChannelOptions
        {
            Server = options.Server,
            DeviceId = options.DeviceId,
            UserToken = _api.TokenAsync,
            ConnectTimeout = options.ConnectTimeout,
            Backoff = options.Backoff,
            Time = options.Time,
        });
        _channel.CallReceived += e => Apply(e, isReply: false);
        _channel.Connected += OnConnected;
        _channel.Connected += () => Connected?.Invoke();
        _channel.Disconnected += e => Disconnected?.Invoke(e);
        // Apps must create their provider early, at launch, so that a push arriving now can be reported at once.
        _provider = system.CreateProvider(options.CallProvider, this);
    }

    /// <summary>Raised when a call's state on this device changes.</summary>
    public event Action<DeviceCall>? CallChanged;

    /// <summary>Raised once when a call is over for this device, with the reason CallKit was given (null: ended here).</summary>
    public event Action<Guid, CallEndedReason?>? CallEnded;

    /// <summary>Raised for a call the system need not show (iOS 26.4+, <c>mustReport</c> false) that still rings while the app is in the foreground.</summary>
    public event Action<DeviceCall>? InAppIncomingCall;

    /// <summary>Raised when the system activated the audio session: start call audio now, never before. Carries the connected call, or <see cref="Guid.Empty"/>.</summary>
    public event Action<Guid>? AudioStarted;

    /// <summary>Raised when the system deactivated the audio session: stop call audio.</summary>
    public event Action<Guid>? AudioStopped;

    /// <summary>Raised when the device channel is (re)connected.</summary>
    public event Action? Connected;

    /// <summary>Raised when the device channel dropped; it reconnects by itself.</summary>
    public event Action<Exception?>? Disconnected;

    /// <summary>The device channel this device uses.</summary>
    public RingwireChannel Channel => _channel;

    /// <summary>Whether the app is in the foreground (set by the app); decides whether an unreported call is shown in-app.</summary>
    public bool IsInForeground
    {
        get => _inForeground;
        set => _inForeground = value;
    }

    /// <summary>The calls this device tracks now, live and recently ended.</summary>
    public IReadOnlyList<DeviceCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return _calls.Values.OrderBy(c => c.Order).Select(c => c.Snapshot()).ToArray();
            }
        }
    }

    /// <summary>The provider reports go to now (a new one after every provider reset).</summary>
    public ICallProvider Provider
    {
        get
        {
            lock (_lock)
            {
                return _provider;
            }
        }
    }

    /// <summary>Connects the device channel now and completes once it is up.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _channel.WaitConnectedAsync(cancellationToken);

    /// <summary>Registers or updates this device on the server (<c>PUT /v1/devices/{deviceId}</c>).</summary>
    public async Task RegisterAsync(DeviceRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        await _api.RegisterAsync(registration, cancellationToken);
    }

    /// <summary>
    /// Places a call to <paramref name="to"/> (<c>POST /v1/calls</c>) and asks the system to show it; its later events
    /// arrive over the channel and through <see cref="CallChanged"/> and <see cref="CallEnded"/>.
    /// </summary>
    public async Task<CallSnapshot> PlaceCallAsync(string to, PlaceCallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        options ??= new PlaceCallOptions();
        // Connect first, so that no event of the new call is missed.
        _channel.Start();
        var call = await _api.PlaceCallAsync(to, options, cancellationToken);

        var effects = NewEffects();
        lock (_lock)
        {
            if (!_calls.ContainsKey(call.CallId))
            {
                var tracked = Track(call.CallId, CallDirection.Outgoing);
                tracked.Update(call);
                ApplyLocked(tracked, new CallEvent("incoming", call, null), effects);
                if (_early.Remove(call.CallId, out var early))
                {
                    ApplyLocked(tracked, early, effects);
                }
            }
        }

        effects.Run();
        // An outgoing call is a CallKit call too: the system shows it once it performs the start action.
        _system.RequestTransaction(CallActionKind.Start, call.CallId, error =>
        {
            if (error is null)
            {
                // The start action names no handle here: tell the system whom the call is to, for its UI and Recents.
                Provider.ReportCallUpdated(call.CallId, new CallUpdate { RemoteHandle = new CallHandle(HandleType.Generic, to) });
            }
        });
        return call;
    }

    /// <summary>Answers a call from the app's own UI: through the system (which then performs the action), or directly for an in-app call.</summary>
    public Task<RequestTransactionError?> Answer(Guid callUuid) => UserAction(CallActionKind.Answer, callUuid);

    /// <summary>Ends, declines or cancels a call from the app's own UI, through the system like <see cref="Answer"/>.</summary>
    public Task<RequestTransactionError?> End(Guid callUuid) => UserAction(CallActionKind.End, callUuid);

    /// <inheritdoc />
    public void DidReceiveIncomingVoipPush(VoipPush push, Action completion)
    {
        ArgumentNullException.ThrowIfNull(push);
        ArgumentNullException.ThrowIfNull(completion);
        var payload = VoipPayload.Parse(push.Payload, out var readId);
        var effects = NewEffects();
        lock (_lock)
        {
            DecideOnPush(push, payload, readId, effects);
        }

        // Rule 1: everything the system must hear happens here, on the system's thread, before the handler returns;
        // the network work was queued to the background by DecideOnPush.
        effects.Run();
        completion();
    }

    /// <inheritdoc />
    public void ProviderDidReset(ICallProvider provider)
    {
        var effects = NewEffects();
        lock (_lock)
        {
            foreach (var call in _calls.Values.Where(c => c.IsLive && !c.IsInApp).ToArray())
            {
                var was = call.State;
                // Rule 6: the system already removed these calls; telling the dead provider would be pointless.
                call.Presence = SystemPresence.None;
                call.PendingEnd = null;
                EndLocked(call, CallEndedReason.Failed, effects);
                // An answered call is hung up on the server; a ringing incoming call is left alone (a reset is not the user
                // declining, and the user's other devices keep ringing). A call being answered is hung up when the grant
                // arrives (see AnswerInBackground); an outgoing call the user can no longer see is cancelled.
                if (was == DeviceCallState.Answered || (was == DeviceCallState.Ringing && call.Direction == CallDirection.Outgoing))
                {
                    var callId = call.CallId;
                    effects.Background(ct => _channel.EndAsync(callId, ct));
                }
            }
        }

        var replacement = _system.CreateProvider(_options.CallProvider, this);
        lock (_lock)
        {
            // Rule 6: later reports go to the new provider.
            _provider = replacement;
        }

        effects.Run();
    }

    /// <inheritdoc />
    public void PerformAction(ICallProvider provider, CallAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var effects = NewEffects();
        var started = false;
        lock (_lock)
        {
            _calls.TryGetValue(action.CallUuid, out var call);
            switch (action.Kind)
            {
                case CallActionKind.Answer:
                    if (call is not { IsLive: true, Direction: CallDirection.Incoming } || call.HeldAnswer is not null)
                    {
                        effects.Add(action.Fail);
                        break;
                    }

                    // Rule 3: the answer is held until the server grants it; only one device may win.
                    call.HeldAnswer = action;
                    BeginAnswerLocked(call, effects);
                    break;
                case CallActionKind.End:
                    if (call is { IsLive: true })
                    {
                        EndByUserLocked(call, effects);
                    }

                    // Rule 3: the end is fulfilled at once; the server hears about it in the background (and again after a
                    // reconnect), so the UI never waits on the network.
                    effects.Add(action.Fulfill);
                    break;
                case CallActionKind.Start:
                    if (call is { IsLive: true, Direction: CallDirection.Outgoing })
                    {
                        // The server accepted the call before the start was asked for: it is connecting now, and
                        // connected only when the callee answers (ReportOutgoingConnectedLocked), not on the fulfil.
                        call.Presence = SystemPresence.Shown;
                        var uuid = call.Uuid;
                        var current = _provider;
                        effects.Add(action.Fulfill);
                        effects.Add(() => current.ReportOutgoingCallStartedConnecting(uuid, null));
                        started = true;
                    }
                    else
                    {
                        effects.Add(action.Fail);
                    }

                    break;
                default:
                    // Hold and unhold are the app's media business; the server has no notion of them.
                    effects.Add(call is { IsLive: true } ? action.Fulfill : action.Fail);
                    break;
            }
        }

        effects.Run();
        if (started)
        {
            OnStartReported(action.CallUuid);
        }
    }

    /// <inheritdoc />
    public void TimedOutPerforming(ICallProvider provider, CallAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var effects = NewEffects();
        lock (_lock)
        {
            if (_calls.TryGetValue(action.CallUuid, out var call) && ReferenceEquals(call.HeldAnswer, action))
            {
                // Rule 3: the system failed the call; forget the held action. If the server grants the answer later, the
                // grant is hung up (AnswerInBackground), because the user no longer sees the call.
                call.HeldAnswer = null;
                call.Presence = SystemPresence.None;
                EndLocked(call, CallEndedReason.Failed, effects);
            }
        }

        effects.Run();
    }

    /// <inheritdoc />
    public void DidActivateAudioSession(ICallProvider provider) => AudioStarted?.Invoke(ConnectedCall());

    /// <inheritdoc />
    public void DidDeactivateAudioSession(ICallProvider provider) => AudioStopped?.Invoke(ConnectedCall());

    /// <summary>Stops the channel and every background request.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] background;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            background = [.. _background];
        }

        await _stop.CancelAsync();
        await _channel.DisposeAsync();
        await Task.WhenAll(background);
        _api.Dispose();
        _stop.Dispose();
    }

    /// <summary>For tests: applies a server event as if it came from the channel.</summary>
    internal void ApplyServerEvent(CallEvent e) => Apply(e, isReply: false);

    private void DecideOnPush(VoipPush push, VoipPayload? payload, Guid? readId, DeviceEffects effects)
    {
        var callId = payload?.CallId ?? readId;
        if (callId is { } knownId && _calls.TryGetValue(knownId, out var known))
        {
            if (push.MustReport != false)
            {
                if (known.IsLive && known.Presence != SystemPresence.None)
                {
                    // Rule 1: a duplicate delivery is reported with the same UUID, never a new one: the system answers
                    // callUUIDAlreadyExists, which counts as reported and shows nothing new.
                    effects.Report(_provider, known.Uuid, CallerDisplay.For(payload, known), _ => { });
                }
                else if (known.IsLive)
                {
                    // Known but not shown (an in-app call): this push must be reported, so the system shows it now.
                    known.IsInApp = false;
                    known.Presence = SystemPresence.Reporting;
                    ReportLocked(known, CallerDisplay.For(payload, known), effects);
                    effects.Changed(known.Snapshot());
                }
                else if (ActiveCallLocked(except: known) is { } connected)
                {
                    // Over (e.g. declined busy when its socket event came first) while the user is in a call: the
                    // connected call's UUID counts as reported and shows nothing.
                    effects.Report(_provider, connected.Uuid, new CallUpdate(), _ => { });
                }
                else
                {
                    // Over, and the system no longer shows it: report it (the push must be) and end it at once with the
                    // reason it ended with, under the same UUID.
                    known.Presence = SystemPresence.Reporting;
                    known.PendingEnd = known.EndReason ?? CallEndedReason.RemoteEnded;
                    ReportLocked(known, CallerDisplay.For(payload, known), effects);
                }
            }

            TellReported(knownId, push.MustReport, effects);
            return;
        }

        if (payload is null)
        {
            // Rule 1: a push that cannot be read is still reported (an unreported push is a strike), then ended failed.
            var broken = Track(readId ?? Guid.NewGuid(), CallDirection.Incoming);
            broken.Presence = SystemPresence.Reporting;
            broken.PendingEnd = CallEndedReason.Failed;
            ReportLocked(broken, CallerDisplay.Unknown(), effects);
            EndLocked(broken, CallEndedReason.Failed, effects);
            if (readId is { } id)
            {
                TellReported(id, push.MustReport, effects);
            }

            return;
        }

        var call = Track(payload.CallId, CallDirection.Incoming);
        call.From = payload.From;
        call.To = _userId ?? call.To;
        call.CallerName = payload.CallerName;
        var active = ActiveCallLocked(except: call);
        var busy = _options.CallWaiting == CallWaiting.Busy && active is not null;

        if (push.MustReport == false)
        {
            // Rule 1 (iOS 26.4+): the system says this push need not be reported, so nothing is shown now; the claim
            // decides whether the call still rings, and only a foreground app shows it, in-app.
            call.IsInApp = true;
            TellReported(call.CallId, false, effects);
            if (busy)
            {
                DeclineBusyLocked(call, effects);
            }
            else
            {
                ClaimInBackground(call.CallId, effects);
            }

            return;
        }

        if (busy)
        {
            // Rule 1: no call waiting. Reporting the existing call's UUID counts as reported without showing anything
            // (callUUIDAlreadyExists, no strike); the server hears "busy" through a decline.
            effects.Report(_provider, active!.Uuid, new CallUpdate(), _ => { });
            TellReported(call.CallId, push.MustReport, effects);
            DeclineBusyLocked(call, effects);
            return;
        }

        if (IsStaleLocked(payload))
        {
            // Rule 1: past ringUntil on the server's clock: the push must still be reported, and ended at once without
            // waiting for the network, so the phone does not ring for a call that is over.
            call.Presence = SystemPresence.Reporting;
            call.PendingEnd = CallEndedReason.RemoteEnded;
            ReportLocked(call, CallerDisplay.For(payload, call), effects);
            EndLocked(call, CallEndedReason.RemoteEnded, effects);
            TellReported(call.CallId, push.MustReport, effects);
            return;
        }

        // Rule 1: report at once with the caller's name and a never-empty handle; rule 2: claim in parallel.
        call.Presence = SystemPresence.Reporting;
        ReportLocked(call, CallerDisplay.For(payload, call), effects);
        effects.Changed(call.Snapshot());
        // Rule 5: the server hears that the push was handled, with mustReport exactly as PushKit gave it.
        TellReported(call.CallId, push.MustReport, effects);
        ClaimInBackground(call.CallId, effects);
    }

    // Staleness is judged on the server's clock only when its offset is known; otherwise the claim decides.
    private bool IsStaleLocked(VoipPayload payload) =>
        payload.RingUntil is { } ringUntil
        && (_channel.ServerClockOffset ?? _options.ServerClockOffset) is { } offset
        && _options.Time.GetUtcNow() + offset > ringUntil + _options.StaleTolerance;

    private void ReportLocked(TrackedCall call, CallUpdate update, DeviceEffects effects)
    {
        var uuid = call.Uuid;
        effects.Report(_provider, uuid, update, error => OnReportCompleted(uuid, error));
    }

    private void OnReportCompleted(Guid uuid, IncomingCallError? error)
    {
        var effects = NewEffects();
        lock (_lock)
        {
            if (!_calls.TryGetValue(uuid, out var call) || call.Presence != SystemPresence.Reporting)
            {
                return;
            }

            if (error is null or IncomingCallError.CallUuidAlreadyExists)
            {
                call.Presence = SystemPresence.Shown;
                if (call.PendingEnd is { } reason)
                {
                    // An end decided while the report was unconfirmed is told now, so it can never overtake the report.
                    call.PendingEnd = null;
                    call.Presence = SystemPresence.None;
                    var provider = _provider;
                    effects.Add(() => provider.ReportCallEnded(uuid, null, reason));
                }
            }
            else
            {
                // The system refused to show it (do not disturb, blocked caller, …): nothing rings here. The server is
                // not told: the user's other devices may still ring.
                call.Presence = SystemPresence.None;
                call.PendingEnd = null;
                EndLocked(call, null, effects);
            }
        }

        effects.Run();
    }

    private void TellReported(Guid callId, bool? mustReport, DeviceEffects effects) =>
        effects.Background(ct => _channel.ReportedAsync(callId, mustReport, ct));

    private void DeclineBusyLocked(TrackedCall call, DeviceEffects effects)
    {
        EndLocked(call, null, effects);
        var callId = call.CallId;
        effects.Background(ct => _channel.DeclineAsync(callId, busy: true, ct));
    }

    private TrackedCall? ActiveCallLocked(TrackedCall? except) =>
        _calls.Values.Where(c => c != except && c.State == DeviceCallState.Answered).MaxBy(c => c.Order);

    private Guid ConnectedCall()
    {
        lock (_lock)
        {
            return _calls.Values.Where(c => c.State is DeviceCallState.Answered or DeviceCallState.Answering).MaxBy(c => c.Order)?.Uuid ?? Guid.Empty;
        }
    }

    // Rule 2: claim in parallel with the report; a claim not answered within ConnectTimeout (on the TimeProvider)
    // ends the call failed, unless a server event told the call's state meanwhile.
    private void ClaimInBackground(Guid callId, DeviceEffects effects)
    {
        // One claim at a time per call: a claim in flight is sent again by the channel after a reconnect.
        if (!_claiming.Add(callId))
        {
            return;
        }

        // The timeout starts now, when the push (or the reconnect) is handled, not when the background work gets a thread.
        var timeout = new CancellationTokenSource(_options.ConnectTimeout, _options.Time);
        effects.Background(async stop =>
        {
            using var _ = timeout;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
            CallReply reply;
            try
            {
                reply = await _channel.ClaimAsync(callId, linked.Token);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                OnClaimTimedOut(callId);
                return;
            }
            finally
            {
                lock (_lock)
                {
                    _claiming.Remove(callId);
                }
            }

            OnClaimed(callId, reply);
        });
    }

    private void OnClaimTimedOut(Guid callId)
    {
        var effects = NewEffects();
        lock (_lock)
        {
            if (_calls.TryGetValue(callId, out var call) && call.IsLive && call.Version == 0)
            {
                EndLocked(call, CallEndedReason.Failed, effects);
            }
        }

        effects.Run();
    }

    private void OnClaimed(Guid callId, CallReply reply)
    {
        if (reply.Call is { } e)
        {
            Apply(e, isReply: true);
        }

        var effects = NewEffects();
        lock (_lock)
        {
            if (!_calls.TryGetValue(callId, out var call) || !call.IsLive)
            {
                return;
            }

            if (reply.Call is null)
            {
                // The server does not know the call (or not for this user): nothing can be answered here.
                EndLocked(call, CallEndedReason.Failed, effects);
            }
            else if (call.IsInApp && call.State == DeviceCallState.Ringing && call.Presence == SystemPresence.None)
            {
                if (_inForeground)
                {
                    var snapshot = call.Snapshot();
                    effects.Add(() => InAppIncomingCall?.Invoke(snapshot));
                }
                else
                {
                    // Rule 1: not reported and the app is not in front: drop it here; the server and other devices go on.
                    EndLocked(call, null, effects);
                }
            }
        }

        effects.Run();
    }

    private void Apply(CallEvent e, bool isReply)
    {
        var effects = NewEffects();
        lock (_lock)
        {
            if (!_calls.TryGetValue(e.Call.CallId, out var call))
            {
                if (!isReply)
                {
                    OnUnknownCallLocked(e, effects);
                }
            }
            else
            {
                ApplyLocked(call, e, effects);
            }
        }

        effects.Run();
    }

    private void OnUnknownCallLocked(CallEvent e, DeviceEffects effects)
    {
        var snapshot = e.Call;
        if (_userId is not null && snapshot.From == _userId)
        {
            // Probably a call this device is placing, whose POST has not returned yet.
            if (_early.Count < 64 && (!_early.TryGetValue(snapshot.CallId, out var seen) || seen.Call.Version < snapshot.Version))
            {
                _early[snapshot.CallId] = e;
            }

            return;
        }

        if (snapshot.State != CallState.Ringing || (_userId is not null && snapshot.To != _userId))
        {
            return;
        }

        // Rule 4: a ringing call heard over the socket while the app runs is reported; the app is running, so it may.
        var call = Track(snapshot.CallId, CallDirection.Incoming);
        call.Update(snapshot);
        call.Version = snapshot.Version;
        if (_options.CallWaiting == CallWaiting.Busy && ActiveCallLocked(except: call) is not null)
        {
            DeclineBusyLocked(call, effects);
            return;
        }

        if (_inForeground)
        {
            // Rule 1's foreground case: the app on screen shows the call itself (its claim surfaces it), and the push
            // that follows need not be reported (mustReport false on iOS 26.4+).
            call.IsInApp = true;
        }
        else
        {
            call.Presence = SystemPresence.Reporting;
            var payload = new VoipPayload(snapshot.CallId, snapshot.From, snapshot.CallerName, snapshot.CallerHandle, snapshot.HandleType, snapshot.Video, snapshot.RingUntil);
            ReportLocked(call, CallerDisplay.For(payload, call), effects);
        }

        effects.Changed(call.Snapshot());
        ClaimInBackground(call.CallId, effects);
    }

    private void ApplyLocked(TrackedCall call, CallEvent e, DeviceEffects effects)
    {
        var snapshot = e.Call;
        // Rule 4: pushes and events can arrive out of order; only a higher version than any seen is news.
        if (snapshot.Version <= call.Version)
        {
            return;
        }

        call.Version = snapshot.Version;
        call.Update(snapshot);
        if (!call.IsLive)
        {
            return;
        }

        if (e.EndReason is { } reason)
        {
            // Rule 4: the server's end reason is the one CallKit shows, exactly.
            EndLocked(call, TrackedCall.Map(reason), effects);
        }
        else if (snapshot.State.IsTerminal())
        {
            EndLocked(call, TrackedCall.Fallback(snapshot.State), effects);
        }
        else if (snapshot.State == CallState.Answered)
        {
            if (call.Direction == CallDirection.Outgoing || snapshot.AnsweredBy == _options.DeviceId)
            {
                GrantLocked(call, effects);
            }
        }
    }

    // Rule 3: the answer is fulfilled only when the server shows this device as the one that answered.
    private void GrantLocked(TrackedCall call, DeviceEffects effects)
    {
        if (call.HeldAnswer is { } held)
        {
            call.HeldAnswer = null;
            effects.Add(held.Fulfill);
        }

        if (call.State == DeviceCallState.Answered)
        {
            return;
        }

        call.State = DeviceCallState.Answered;
        if (call.Direction == CallDirection.Outgoing)
        {
            // Before CallChanged, so that an app hearing "answered" finds the system already told.
            ReportOutgoingConnectedLocked(call, effects);
        }

        effects.Changed(call.Snapshot());
    }

    // The start was fulfilled and reported connecting (outside the lock); a callee who answered meanwhile is told now.
    private void OnStartReported(Guid uuid)
    {
        var effects = NewEffects();
        lock (_lock)
        {
            if (_calls.TryGetValue(uuid, out var call) && call.IsLive)
            {
                call.StartReported = true;
                if (call.State == DeviceCallState.Answered)
                {
                    ReportOutgoingConnectedLocked(call, effects);
                }
            }
        }

        effects.Run();
    }

    // An outgoing call is connected when the server says the callee answered ("A call is considered connected when both
    // caller and callee can start communicating", CXProvider docs), never when its start is fulfilled: told once, and
    // only after the start's own reports, so the system never hears "connected" before "connecting".
    private void ReportOutgoingConnectedLocked(TrackedCall call, DeviceEffects effects)
    {
        if (!call.IsLive || !call.StartReported || call.ConnectedReported || call.Presence != SystemPresence.Shown)
        {
            return;
        }

        call.ConnectedReported = true;
        var uuid = call.Uuid;
        var provider = _provider;
        effects.Add(() => provider.ReportOutgoingCallConnected(uuid, null));
    }

    private void BeginAnswerLocked(TrackedCall call, DeviceEffects effects)
    {
        if (call.State == DeviceCallState.Answering)
        {
            return;
        }

        call.State = DeviceCallState.Answering;
        effects.Changed(call.Snapshot());
        var callId = call.CallId;
        // Sent once connected: a request made while the channel is down waits for it (or for the action's timeout).
        effects.Background(async stop => OnAnswerReply(callId, await _channel.AnswerAsync(callId, stop)));
    }

    private void OnAnswerReply(Guid callId, CallReply reply)
    {
        if (reply.Call is { } e)
        {
            Apply(e, isReply: true);
        }

        var effects = NewEffects();
        var learnHowItEnded = false;
        lock (_lock)
        {
            if (!_calls.TryGetValue(callId, out var call))
            {
                return;
            }

            var granted = reply.Call?.Call is { State: CallState.Answered } answered && answered.AnsweredBy == _options.DeviceId;
            if (granted && !call.IsLive)
            {
                // The user no longer sees the call (action timed out, provider reset, ended meanwhile): hang up the grant.
                effects.Background(ct => _channel.EndAsync(callId, ct));
            }
            else if (granted)
            {
                GrantLocked(call, effects);
            }
            else if (call.IsLive)
            {
                switch (reply.Error)
                {
                    case ChannelErrorCode.AnsweredElsewhere:
                        EndLocked(call, CallEndedReason.AnsweredElsewhere, effects);
                        break;
                    case ChannelErrorCode.CallEnded:
                        learnHowItEnded = true;
                        break;
                    default:
                        EndLocked(call, reply.Call?.EndReason is { } r ? TrackedCall.Map(r) : CallEndedReason.Failed, effects);
                        break;
                }
            }
        }

        if (learnHowItEnded)
        {
            // The error carries no call: a claim tells the reason the server gives this device.
            effects.Background(async ct =>
            {
                var claim = await _channel.ClaimAsync(callId, ct);
                if (claim.Call is { } c)
                {
                    Apply(c, isReply: true);
                }

                var ending = NewEffects();
                lock (_lock)
                {
                    if (_calls.TryGetValue(callId, out var call) && call.IsLive)
                    {
                        var reason = claim.Call is { EndReason: { } r } ? TrackedCall.Map(r)
                            : claim.Call is { } terminal ? TrackedCall.Fallback(terminal.Call.State)
                            : CallEndedReason.RemoteEnded;
                        EndLocked(call, reason, ending);
                    }
                }

                ending.Run();
            });
        }

        effects.Run();
    }

    private void EndByUserLocked(TrackedCall call, DeviceEffects effects)
    {
        var was = call.State;
        // The user's own end: the system ends the call through the action, so nothing is reported to it.
        call.Presence = SystemPresence.None;
        call.PendingEnd = null;
        EndLocked(call, null, effects);
        var callId = call.CallId;
        if (call.Direction == CallDirection.Incoming && was == DeviceCallState.Ringing)
        {
            effects.Background(ct => _channel.DeclineAsync(callId, busy: false, ct));
        }
        else
        {
            effects.Background(ct => _channel.EndAsync(callId, ct));
        }
    }

    private void EndLocked(TrackedCall call, CallEndedReason? reason, DeviceEffects effects)
    {
        if (!call.IsLive)
        {
            return;
        }

        call.State = DeviceCallState.Ended;
        call.EndReason = reason;
        if (call.HeldAnswer is { } held)
        {
            call.HeldAnswer = null;
            effects.Add(held.Fail);
        }

        var uuid = call.Uuid;
        if (reason is { } told)
        {
            if (call.Presence == SystemPresence.Shown)
            {
                var provider = _provider;
                call.Presence = SystemPresence.None;
                effects.Add(() => provider.ReportCallEnded(uuid, null, told));
            }
            else if (call.Presence == SystemPresence.Reporting)
            {
                call.PendingEnd = told;
            }
        }

        var snapshot = call.Snapshot();
        effects.Add(() => CallEnded?.Invoke(uuid, reason));
        effects.Changed(snapshot);
        PruneLocked();
    }

    private Task<RequestTransactionError?> UserAction(CallActionKind kind, Guid callUuid)
    {
        var effects = NewEffects();
        var viaSystem = true;
        lock (_lock)
        {
            if (_calls.TryGetValue(callUuid, out var call) && call.IsLive && call.Presence == SystemPresence.None)
            {
                // An in-app call is not the system's: act on it directly.
                viaSystem = false;
                if (kind == CallActionKind.Answer && call.Direction == CallDirection.Incoming)
                {
                    BeginAnswerLocked(call, effects);
                }
                else if (kind == CallActionKind.End)
                {
                    EndByUserLocked(call, effects);
                }
            }
        }

        effects.Run();
        if (!viaSystem)
        {
            return Task.FromResult<RequestTransactionError?>(null);
        }

        var done = new TaskCompletionSource<RequestTransactionError?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _system.RequestTransaction(kind, callUuid, error => done.TrySetResult(error));
        return done.Task;
    }

    // Rule 8: after every (re)connect, each live call is claimed again and the answers applied as for a push.
    private void OnConnected()
    {
        var effects = NewEffects();
        lock (_lock)
        {
            foreach (var call in _calls.Values.Where(c => c.IsLive))
            {
                ClaimInBackground(call.CallId, effects);
            }
        }

        effects.Run();
    }

    private DeviceEffects NewEffects() => new(snapshot => CallChanged?.Invoke(snapshot), StartBackground);

    private void StartBackground(Func<CancellationToken, Task> work)
    {
        Task task;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var stop = _stop.Token;
            task = Task.Run(async () =>
            {
                try
                {
                    await work(stop);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && stop.IsCancellationRequested)
                {
                    // Disposing: the request no longer matters.
                }
            });
            _background.Add(task);
        }

        task.ContinueWith(t =>
        {
            lock (_lock)
            {
                _background.Remove(t);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private TrackedCall Track(Guid uuid, CallDirection direction)
    {
        var call = new TrackedCall(uuid, direction, ++_order);
        _calls[uuid] = call;
        return call;
    }

    private void PruneLocked()
    {
        var ended = _calls.Values.Where(c => !c.IsLive).ToList();
        if (ended.Count <= EndedCallsKept)
        {
            return;
        }

        foreach (var call in ended.OrderBy(c => c.Order).Take(ended.Count - EndedCallsKept))
        {
            _calls.Remove(call.Uuid);
        }
    }
}
