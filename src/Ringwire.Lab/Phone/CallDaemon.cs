using System.Globalization;
using Ringwire.Client.CallKit;
using Ringwire.Client.PushKit;
using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Phone;

/// <summary>
/// callservicesd and CallKit's system side for one app: the app's runs, its providers and calls, the ~7 s check, strikes,
/// actions and audio. One lock guards it all, the parts it coordinates included (<see cref="PendingReports"/>,
/// <see cref="PendingActions"/>, <see cref="CallAudio"/>, <see cref="RecentsList"/>); app code never runs under it, only on
/// the main queue.
/// </summary>
internal sealed class CallDaemon
{
    /// <summary>R2: callservicesd's kill code (DTS threads 817976, 781211).</summary>
    public const string CallServicesKillCode = "0xbaadca11";

    /// <summary>R2: its console line (forum thread 801446).</summary>
    public const string CallServicesKillLog = "Killing VoIP app because it failed to post an incoming call in time.";

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly SkewedClock _phoneClock;
    private readonly MainQueue _main;
    private readonly PhoneTimeline _timeline;
    private readonly VirtualIPhoneSettings _settings;
    private readonly StrikeCounter _strikes;
    private readonly HashSet<CallHandle> _blocked;
    private readonly Dictionary<Guid, PhoneCall> _calls = [];
    private readonly PendingActions _actions;
    private readonly PendingReports _reports;
    private readonly CallAudio _audio;
    private readonly List<VirtualCallProvider> _providers = [];
    private readonly RecentsList _recents = new();
    private Func<ICallSystem, IVoipPushReceiver>? _launch;
    private AppInstance? _app;
    private int _instances;
    private int _providerNumbers;

    /// <param name="phoneClock">The phone's own clock, on which the app's dates are (see <see cref="TrueTime"/>).</param>
    public CallDaemon(TimeProvider time, SkewedClock phoneClock, MainQueue main, PhoneTimeline timeline, VirtualIPhoneSettings settings)
    {
        _time = time;
        _phoneClock = phoneClock;
        _main = main;
        _timeline = timeline;
        _settings = settings;
        _strikes = new StrikeCounter(settings.StrikeLimit, settings.StrikeWindow, settings.BlockExpiry);
        _blocked = [.. settings.BlockedHandles];
        _actions = new PendingActions(time, settings.ActionTimeout);
        _reports = new PendingReports(time, settings.DaemonCheckDelay);
        _audio = new CallAudio(time, timeline, PostToApp);
        Version = settings.Version;
        Foreground = settings.Foreground;
        DoNotDisturb = settings.DoNotDisturb;
        DebuggerAttached = settings.DebuggerAttached;
    }

    public IosVersion Version { get; set; }

    public bool Foreground { get; set; }

    public bool DoNotDisturb { get; set; }

    public bool DebuggerAttached { get; set; }

    public bool CellularCallInProgress
    {
        get
        {
            lock (_lock)
            {
                return _audio.CellularCallInProgress;
            }
        }
    }

    public bool AppRunning
    {
        get
        {
            lock (_lock)
            {
                return _app is not null;
            }
        }
    }

    public int Strikes
    {
        get
        {
            lock (_lock)
            {
                return _strikes.InWindow(_time.GetUtcNow());
            }
        }
    }

    public bool VoipBlocked
    {
        get
        {
            lock (_lock)
            {
                return IsBlockedLocked(_time.GetUtcNow());
            }
        }
    }

    public IReadOnlyList<Guid> LiveCalls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls.Keys];
            }
        }
    }

    public void Block(CallHandle handle)
    {
        lock (_lock)
        {
            _blocked.Add(handle);
        }
    }

    public void Unblock(CallHandle handle)
    {
        lock (_lock)
        {
            _blocked.Remove(handle);
        }
    }

    // ---- Installing and running the app ----

    /// <summary>Installs the app, or updates it: a running instance is replaced, strikes stay (only a reinstall clears them).</summary>
    public void Install(Func<ICallSystem, IVoipPushReceiver> launch)
    {
        lock (_lock)
        {
            if (_app is { } running)
            {
                Add(Event(PhoneEventKind.AppTerminated, $"{running} replaced by an update") with { By = PhoneActor.System });
                TerminateLocked(running);
            }

            _launch = launch;
            Add(Event(PhoneEventKind.AppInstalled, _settings.BundleId));
        }
    }

    /// <summary>R4: delete and install again: a new install id, so no strikes and no block (DTS: "will reset the limit").</summary>
    public void Reinstall()
    {
        lock (_lock)
        {
            if (_app is { } running)
            {
                Add(Event(PhoneEventKind.AppTerminated, $"{running} deleted") with { By = PhoneActor.User });
                TerminateLocked(running);
            }

            var wasBlocked = IsBlockedLocked(_time.GetUtcNow());
            _strikes.Reset();
            Add(Event(PhoneEventKind.AppReinstalled, $"{_settings.BundleId}: strikes cleared"));
            if (wasBlocked)
            {
                Add(Event(PhoneEventKind.VoipUnblocked, "reinstalled"));
            }
        }
    }

    /// <summary>The user force-quits the app: no strike.</summary>
    public void Terminate()
    {
        lock (_lock)
        {
            if (_app is { } running)
            {
                Add(Event(PhoneEventKind.AppTerminated, $"{running} force-quit") with { By = PhoneActor.User });
                TerminateLocked(running);
            }
        }
    }

    /// <summary>The running instance, or a new one to launch (main queue only); null when the app is not installed.</summary>
    public (AppInstance App, bool Launch)? InstanceForLaunch(string why)
    {
        lock (_lock)
        {
            if (_launch is null)
            {
                return null;
            }

            return _app is { } running ? (running, false) : (NewInstanceLocked(why), true);
        }
    }

    /// <summary>Runs the app's launch code on the main queue; false when it crashed.</summary>
    public bool RunLaunch(AppInstance app, string why)
    {
        Func<ICallSystem, IVoipPushReceiver>? launch;
        lock (_lock)
        {
            launch = _launch;
        }

        if (launch is null)
        {
            return false;
        }

        try
        {
            var receiver = launch(app);
            lock (_lock)
            {
                app.Receiver = receiver;
            }

            return true;
        }
        catch (Exception e)
        {
            Crash(app, CrashKind.UncaughtException, $"launch for {why}: {e.GetType().FullName}: {e.Message}", strike: false);
            return false;
        }
    }

    public IVoipPushReceiver? ReceiverOf(AppInstance app)
    {
        lock (_lock)
        {
            return app.Alive ? app.Receiver : null;
        }
    }

    // ---- PushKit's side ----

    /// <summary>
    /// A VoIP push reaches the phone: dropped when the app is blocked (R4) or not installed; otherwise judged (R5),
    /// recorded, and R2's check armed. Returns the delivery and whether the app must be launched for it.
    /// </summary>
    public (PushDelivery Delivery, bool Launch)? BeginVoipDelivery(ApnsNotification notification)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_launch is null)
            {
                Add(Event(PhoneEventKind.PushDropped, "VoIP push: app not installed") with { ApnsId = notification.ApnsId });
                return null;
            }

            if (IsBlockedLocked(now))
            {
                // R4: callservicesd stops launching the app; APNs said 200 and the app never learns (DTS 768136).
                var log = string.Format(CultureInfo.InvariantCulture, StrikeCounter.BlockedLogFormat, _settings.BundleId);
                Add(Event(PhoneEventKind.PushDropped, "VoIP push: " + log) with { ApnsId = notification.ApnsId, Message = log });
                return null;
            }

            var launch = _app is null;
            var app = _app ?? NewInstanceLocked("VoIP push");
            var foreground = Foreground && !launch;
            var hasActiveCall = _calls.Values.Any(c => c.Provider.App == app && c.Active);
            var age = now - notification.AcceptedAt;
            var (required, mustReport) = PushRegistry.Judge(Version, foreground, hasActiveCall, age, _settings.MustReportAgeThreshold);
            var delivery = new PushDelivery(notification, app, required, mustReport);
            if (required)
            {
                // R2's check is armed there; its verdict is DaemonCheck's.
                _reports.Await(delivery, DaemonCheck);
            }

            var why = required ? "must report" : foreground ? "exempt: foreground" : hasActiveCall ? "exempt: active call" : "exempt: old push";
            Add(Event(PhoneEventKind.VoipPushDelivered, $"VoIP push {notification.ApnsId} to {app}, age {age.TotalMilliseconds:0} ms, mustReport={(mustReport?.ToString() ?? "n/a")} ({why})") with
            {
                ApnsId = notification.ApnsId,
                MustReport = mustReport,
                ReportRequired = required,
            });
            return (delivery, launch);
        }
    }

    public void EnterHandler(PushDelivery delivery)
    {
        lock (_lock)
        {
            _reports.EnterHandler(delivery);
        }
    }

    public void ExitHandler(PushDelivery delivery)
    {
        lock (_lock)
        {
            _reports.ExitHandler(delivery);
        }
    }

    public bool WasReported(PushDelivery delivery)
    {
        lock (_lock)
        {
            return delivery.Reported;
        }
    }

    public void CompletionCalled(PushDelivery delivery)
    {
        lock (_lock)
        {
            Add(Event(PhoneEventKind.VoipPushCompletionCalled, $"PushKit completion for {delivery.Notification.ApnsId} (not checked)") with
            {
                ApnsId = delivery.Notification.ApnsId,
            });
        }
    }

    /// <summary>R2: the check fires; "validating whether a call has been reported, not whether it's still active" (DTS).</summary>
    private void DaemonCheck(PushDelivery delivery)
    {
        lock (_lock)
        {
            _reports.CheckRan(delivery);
            var passed = delivery.Reported || !delivery.App.Alive;
            Add(Event(PhoneEventKind.DaemonCheckRan, $"callservicesd check for push {delivery.Notification.ApnsId}: " +
                (delivery.Reported ? "a call was reported" : delivery.App.Alive ? "no call reported" : "the app is already gone")) with
            {
                ApnsId = delivery.Notification.ApnsId,
                By = PhoneActor.System,
            });
            if (passed)
            {
                return;
            }

            CrashLocked(delivery.App, CrashKind.CallServicesKill, CallServicesKillCode, strike: true);
        }
    }

    /// <summary>
    /// Kills <paramref name="app"/> (R1, R2, or its own exception). With a debugger attached the R1/R2 kills are suppressed
    /// and count no strike (ASSUMPTION from the DTS note "the debugger disables this termination logic").
    /// </summary>
    public void Crash(AppInstance app, CrashKind kind, string message, bool strike)
    {
        lock (_lock)
        {
            CrashLocked(app, kind, message, strike);
        }
    }

    private void CrashLocked(AppInstance app, CrashKind kind, string message, bool strike)
    {
        if (!app.Alive)
        {
            return;
        }

        if (DebuggerAttached && kind != CrashKind.UncaughtException)
        {
            Add(Event(PhoneEventKind.TerminationSuppressed, $"debugger attached: no {kind} ({message}), no strike") with { Crash = kind, Message = message });
            return;
        }

        var detail = kind switch
        {
            CrashKind.NeverReportedException => $"{app}: {PushRegistry.NeverReportedException}: {message}",
            CrashKind.CallServicesKill => $"{app} killed by callservicesd with exception code {message}: {CallServicesKillLog}",
            _ => $"{app}: {message}",
        };
        Add(Event(PhoneEventKind.AppCrashed, detail) with { Crash = kind, Message = message, By = PhoneActor.System });
        TerminateLocked(app);
        if (strike)
        {
            CountStrikeLocked();
        }
    }

    /// <summary>R4: one more strike; at the limit, VoIP delivery stops.</summary>
    private void CountStrikeLocked()
    {
        var now = _time.GetUtcNow();
        var blockedNow = _strikes.Add(now);
        var count = _strikes.InWindow(now);
        Add(Event(PhoneEventKind.StrikeCounted, $"strike {count} within {_settings.StrikeWindow}") with { Strikes = count });
        if (blockedNow)
        {
            var log = string.Format(CultureInfo.InvariantCulture, StrikeCounter.BlockedLogFormat, _settings.BundleId);
            Add(Event(PhoneEventKind.VoipBlocked, log) with { Message = log, Strikes = count });
        }
    }

    private bool IsBlockedLocked(DateTimeOffset now)
    {
        var blocked = _strikes.IsBlocked(now, out var expired);
        if (expired)
        {
            Add(Event(PhoneEventKind.VoipUnblocked, "block expired"));
        }

        return blocked;
    }

    private AppInstance NewInstanceLocked(string why)
    {
        var app = new AppInstance(this, ++_instances);
        _app = app;
        Add(Event(PhoneEventKind.AppLaunched, $"{app} for {why}"));
        return app;
    }

    /// <summary>The process is gone: its providers are dead, its calls end, nothing more is checked for its pushes.</summary>
    private void TerminateLocked(AppInstance app)
    {
        app.Alive = false;
        if (_app == app)
        {
            _app = null;
        }

        foreach (var provider in _providers.Where(p => p.App == app))
        {
            provider.Live = false;
        }

        _providers.RemoveAll(p => p.App == app);
        foreach (var call in _calls.Values.Where(c => c.Provider.App == app).ToList())
        {
            EndCallLocked(call, CallEndedReason.Failed, PhoneActor.System, "the app died", failedScreen: false);
        }

        _reports.Forget(app);
    }

    // ---- CallKit: providers and reports ----

    public ICallProvider CreateProvider(AppInstance app, CallProviderConfiguration configuration, ICallProviderDelegate handler)
    {
        lock (_lock)
        {
            var provider = new VirtualCallProvider(this, app, configuration, handler, ++_providerNumbers);
            if (app.Alive)
            {
                _providers.Add(provider);
            }
            else
            {
                provider.Live = false;
                Add(Event(PhoneEventKind.IgnoredCall, $"{app} is dead: CreateProvider ignored"));
            }

            return provider;
        }
    }

    /// <summary>
    /// R6: reportNewIncomingCall. Errors (CXError.h raw values): existing UUID → 2, block list → 4, DND → 3. Any answer,
    /// error or not, counts as reported for R1/R2 (DTS 768136 tells apps to report an existing UUID on purpose), except on
    /// a provider callservicesd no longer knows (R9). The completion always runs later on the main queue, never inline
    /// (CXProvider.h: "called on delegate queue").
    /// </summary>
    public void ReportNewIncomingCall(VirtualCallProvider provider, Guid callUuid, CallUpdate update, Action<IncomingCallError?> completion)
    {
        lock (_lock)
        {
            var app = provider.App;
            if (!app.Alive)
            {
                Add(Event(PhoneEventKind.IgnoredCall, $"{app} is dead: ReportNewIncomingCall {callUuid} ignored") with { CallUuid = callUuid });
                return;
            }

            IncomingCallError? error;
            var counted = true;
            if (!provider.Live)
            {
                // R9 ASSUMPTION: a reset provider is unknown to callservicesd, so the report fails (Unknown, 0) and satisfies
                // neither check: an app that does not rebuild its provider after providerDidReset is killed on its next push.
                error = IncomingCallError.Unknown;
                counted = false;
            }
            else if (_calls.ContainsKey(callUuid))
            {
                error = IncomingCallError.CallUuidAlreadyExists;
            }
            else if (update.RemoteHandle is { } handle && _blocked.Contains(handle))
            {
                error = IncomingCallError.FilteredByBlockList;
            }
            else if (DoNotDisturb)
            {
                error = IncomingCallError.FilteredByDoNotDisturb;
            }
            else
            {
                error = null;
            }

            if (counted)
            {
                _reports.MarkReported(app);
            }

            var outcome = error is { } e ? $"error {e} ({(int)e})" : "shown";
            var note = counted ? "" : ", not counted as reported (provider reset)";
            Add(Event(PhoneEventKind.IncomingCallReported, $"call {Short(callUuid)} from {Describe(update.LocalizedCallerName, update.RemoteHandle)}: {outcome}{note}") with
            {
                CallUuid = callUuid,
                IncomingError = error,
                Handle = update.RemoteHandle,
                CallerName = update.LocalizedCallerName,
            });

            if (error is null)
            {
                var call = new PhoneCall(callUuid, provider, incoming: true, CallState.Ringing)
                {
                    Handle = update.RemoteHandle,
                    CallerName = update.LocalizedCallerName,
                    HasVideo = update.HasVideo,
                    SupportsHolding = update.SupportsHolding,
                };
                _calls.Add(callUuid, call);
                Add(Event(PhoneEventKind.RingingStarted, $"call {call.Short} rings: {Describe(call.CallerName, call.Handle)}") with
                {
                    CallUuid = callUuid,
                    Handle = call.Handle,
                    CallerName = call.CallerName,
                });
                if (string.IsNullOrEmpty(call.Handle?.Value))
                {
                    Add(Event(PhoneEventKind.EmptyHandleDefect, $"call {call.Short} has no handle: iOS 26 breaks the in-call \"More\" button") with { CallUuid = callUuid });
                }
            }

            PostToApp(app, () => completion(error));
        }
    }

    /// <summary>reportCall(with:updated:): only the fields that are set change (CXCallUpdate.h).</summary>
    public void ReportCallUpdated(VirtualCallProvider provider, Guid callUuid, CallUpdate update)
    {
        lock (_lock)
        {
            if (CallOf(provider, callUuid, "ReportCallUpdated") is not { } call)
            {
                return;
            }

            call.Handle = update.RemoteHandle ?? call.Handle;
            call.CallerName = update.LocalizedCallerName ?? call.CallerName;
            call.HasVideo = update.HasVideo ?? call.HasVideo;
            call.SupportsHolding = update.SupportsHolding ?? call.SupportsHolding;
            Add(Event(PhoneEventKind.CallUpdated, $"call {call.Short} now shows {Describe(call.CallerName, call.Handle)}") with
            {
                CallUuid = callUuid,
                Handle = call.Handle,
                CallerName = call.CallerName,
            });
        }
    }

    /// <summary>reportCall(with:endedAt:reason:): Failed while the incoming screen is up shows "Call Failed" (CallKit docs).</summary>
    public void ReportCallEnded(VirtualCallProvider provider, Guid callUuid, DateTimeOffset? endedAt, CallEndedReason reason)
    {
        lock (_lock)
        {
            if (CallOf(provider, callUuid, "ReportCallEnded") is not { } call)
            {
                return;
            }

            var at = endedAt is { } e ? $" (endedAt {e:HH:mm:ss.fff})" : "";
            EndCallLocked(call, reason, PhoneActor.App, "reported by the app" + at, failedScreen: reason == CallEndedReason.Failed);
        }
    }

    /// <summary>
    /// reportOutgoingCall(with:startedConnectingAt:) ("A nil value ... results in the started connecting date being set to
    /// now", CXProvider.h). Like every CXProvider report it returns nothing, so a report CallKit cannot use (no such call on
    /// this provider, an incoming call, a call already connected) has nothing to fail with: it is ignored and recorded.
    /// </summary>
    public void ReportOutgoingCallStartedConnecting(VirtualCallProvider provider, Guid callUuid, DateTimeOffset? at)
    {
        lock (_lock)
        {
            if (OutgoingCallOf(provider, callUuid, "ReportOutgoingCallStartedConnecting") is not { } call)
            {
                return;
            }

            if (call.StartedConnectingAt is not null || call.ConnectedAt is not null)
            {
                Add(Event(PhoneEventKind.IgnoredCall, $"ReportOutgoingCallStartedConnecting: call {call.Short} already {(call.ConnectedAt is null ? "connecting" : "connected")}") with
                {
                    CallUuid = callUuid,
                });
                return;
            }

            call.StartedConnectingAt = TrueTime(at);
            Add(Event(PhoneEventKind.OutgoingCallConnecting, $"call {call.Short} started connecting{Stamp("startedConnectingAt", at)}") with { CallUuid = callUuid });
        }
    }

    /// <summary>
    /// reportOutgoingCall(with:connectedAt:): "A call is considered connected when both caller and callee can start
    /// communicating"; it "should" come after the started-connecting report (Apple's CXProvider documentation). Only now is
    /// an outgoing call connected: the in-call timer and the Recents duration count from the reported date. Ignored like
    /// the started-connecting report when CallKit cannot use it. ASSUMPTION (no Apple text): one that comes while the
    /// Start action is still pending connects the call once the start is fulfilled, and one without a started-connecting
    /// report before it counts as both.
    /// </summary>
    public void ReportOutgoingCallConnected(VirtualCallProvider provider, Guid callUuid, DateTimeOffset? at)
    {
        lock (_lock)
        {
            if (OutgoingCallOf(provider, callUuid, "ReportOutgoingCallConnected") is not { } call)
            {
                return;
            }

            if (call.ConnectedAt is not null)
            {
                Add(Event(PhoneEventKind.IgnoredCall, $"ReportOutgoingCallConnected: call {call.Short} already connected") with { CallUuid = callUuid });
                return;
            }

            call.ConnectedAt = TrueTime(at);
            var detail = Stamp("connectedAt", at) + (call.StartedConnectingAt is null ? ", with no started-connecting report before it" : "");
            call.StartedConnectingAt ??= call.ConnectedAt;
            if (call.State == CallState.Starting)
            {
                Add(Event(PhoneEventKind.OutgoingCallConnecting, $"call {call.Short} reported connected{detail} before its start was fulfilled: connects then") with
                {
                    CallUuid = callUuid,
                });
                return;
            }

            ConnectLocked(call, "reported connected by the app" + detail);
        }
    }

    /// <summary>invalidate(): "All existing calls will be marked as ended in failure" (CXProvider.h).</summary>
    public void Invalidate(VirtualCallProvider provider)
    {
        lock (_lock)
        {
            if (!provider.Live)
            {
                return;
            }

            provider.Live = false;
            _providers.Remove(provider);
            foreach (var call in _calls.Values.Where(c => c.Provider == provider).ToList())
            {
                EndCallLocked(call, CallEndedReason.Failed, PhoneActor.App, $"{provider} invalidated", failedScreen: false);
            }
        }
    }

    private PhoneCall? CallOf(VirtualCallProvider provider, Guid callUuid, string what)
    {
        if (!provider.App.Alive || !provider.Live)
        {
            Add(Event(PhoneEventKind.IgnoredCall, $"{provider} is dead: {what} {Short(callUuid)} ignored") with { CallUuid = callUuid });
            return null;
        }

        if (!_calls.TryGetValue(callUuid, out var call) || call.Provider != provider)
        {
            Add(Event(PhoneEventKind.IgnoredCall, $"{what}: no call {Short(callUuid)} on {provider}") with { CallUuid = callUuid });
            return null;
        }

        return call;
    }

    /// <summary>The live outgoing call <paramref name="what"/> is about, or null (recorded as ignored).</summary>
    private PhoneCall? OutgoingCallOf(VirtualCallProvider provider, Guid callUuid, string what)
    {
        if (CallOf(provider, callUuid, what) is not { } call)
        {
            return null;
        }

        if (call.Incoming)
        {
            // An incoming call connects through its answer action, not through this report.
            Add(Event(PhoneEventKind.IgnoredCall, $"{what}: call {call.Short} is incoming") with { CallUuid = callUuid });
            return null;
        }

        return call;
    }

    /// <summary>The call connects now: "both caller and callee can start communicating" (CallKit); a held call stays held.</summary>
    private void ConnectLocked(PhoneCall call, string why)
    {
        if (call.State != CallState.Held)
        {
            call.State = CallState.Connected;
        }

        call.WasConnected = true;
        call.ConnectedAt ??= _time.GetUtcNow();
        Add(Event(PhoneEventKind.CallConnected, $"call {call.Short} connected: {why}") with { CallUuid = call.Uuid });
    }

    private void EndCallLocked(PhoneCall call, CallEndedReason? reason, PhoneActor by, string why, bool failedScreen)
    {
        if (call.State == CallState.Ended)
        {
            return;
        }

        if (failedScreen && call.IncomingUiVisible)
        {
            Add(Event(PhoneEventKind.CallFailedShown, $"call {call.Short}: \"Call Failed\"") with { CallUuid = call.Uuid });
        }

        StopRingingLocked(call, why);
        var hadAudio = call.HasCallAudio;
        call.State = CallState.Ended;
        _calls.Remove(call.Uuid);
        _actions.DropFor(call);

        Add(Event(PhoneEventKind.CallEnded, $"call {call.Short} ended by {by}{(reason is { } r ? $", reason {r} ({(int)r})" : "")}: {why}") with
        {
            CallUuid = call.Uuid,
            EndReason = reason,
            By = by,
        });

        if (_recents.Write(call, reason, _time.GetUtcNow()) is { } entry)
        {
            Add(Event(PhoneEventKind.RecentsEntryAdded, entry.ToString()) with { CallUuid = call.Uuid, Handle = call.Handle, CallerName = call.CallerName });
        }

        if (hadAudio && !_calls.Values.Any(c => c.HasCallAudio))
        {
            _audio.Deactivate(call.Provider);
        }

        if (_calls.Count == 0)
        {
            _audio.CallsGone();
        }
    }

    public IReadOnlyList<RecentsEntry> RecentsSnapshot()
    {
        lock (_lock)
        {
            return _recents.Snapshot();
        }
    }

    private void StopRingingLocked(PhoneCall call, string why)
    {
        if (call.State == CallState.Ringing)
        {
            Add(Event(PhoneEventKind.RingingStopped, $"call {call.Short} stops ringing: {why}") with { CallUuid = call.Uuid });
        }
    }

    // ---- CallKit: user actions, transactions, action lifecycle ----

    /// <summary>The user taps Answer on the incoming-call screen.</summary>
    public bool AnswerCall(Guid callUuid)
    {
        lock (_lock)
        {
            if (!_calls.TryGetValue(callUuid, out var call) || call.State != CallState.Ringing)
            {
                return false;
            }

            Add(Event(PhoneEventKind.AnswerTapped, $"user answers call {call.Short}") with { CallUuid = callUuid, By = PhoneActor.User });
            StopRingingLocked(call, "answered");
            call.State = CallState.Answering;
            SendActionLocked(call, CallActionKind.Answer, PhoneActor.User);
            return true;
        }
    }

    /// <summary>The user declines or hangs up: both are CXEndCallAction ("a single 'call has ended' path", DTS 765367).</summary>
    public bool EndCall(Guid callUuid, string what)
    {
        lock (_lock)
        {
            if (!_calls.TryGetValue(callUuid, out var call) || _actions.HasEnd(call))
            {
                return false;
            }

            StopRingingLocked(call, what);
            SendActionLocked(call, CallActionKind.End, PhoneActor.User);
            return true;
        }
    }

    /// <summary>
    /// R8: CXCallController.request, checked by <see cref="TransactionRules"/>. A valid one gets completion(null) first,
    /// then the action goes to the provider's delegate, both on the main queue.
    /// </summary>
    public void RequestTransaction(AppInstance app, CallActionKind kind, Guid callUuid, Action<RequestTransactionError?> completion)
    {
        lock (_lock)
        {
            if (!app.Alive)
            {
                Add(Event(PhoneEventKind.IgnoredCall, $"{app} is dead: {kind} transaction ignored") with { CallUuid = callUuid });
                return;
            }

            var provider = _providers.LastOrDefault(p => p.App == app && p.Live);
            _calls.TryGetValue(callUuid, out var call);
            var error = TransactionRules.Check(app, kind, provider, call, _calls.Values);
            var outcome = error is { } e ? $"error {e} ({(int)e})" : "accepted";
            Add(Event(PhoneEventKind.TransactionRequested, $"{kind} call {Short(callUuid)}: {outcome}") with
            {
                CallUuid = callUuid,
                Action = kind,
                TransactionError = error,
                By = PhoneActor.App,
            });
            PostToApp(app, () => completion(error));
            if (error is not null || provider is null)
            {
                return;
            }

            switch (kind)
            {
                case CallActionKind.Start:
                    call = new PhoneCall(callUuid, provider, incoming: false, CallState.Starting);
                    _calls.Add(callUuid, call);
                    break;
                case CallActionKind.Answer when call!.State == CallState.Ringing:
                    StopRingingLocked(call, "answered by the app");
                    call.State = CallState.Answering;
                    break;
                case CallActionKind.End:
                    StopRingingLocked(call!, "ended by the app");
                    break;
                default:
                    break;
            }

            SendActionLocked(call!, kind, PhoneActor.App);
        }
    }

    private void SendActionLocked(PhoneCall call, CallActionKind kind, PhoneActor by, CallEndedReason? endReason = null, bool forCellular = false)
    {
        var provider = call.Provider;

        // R7: sent with its timeoutDate armed; what happens then is in OnActionCompleted.
        var action = _actions.Send(call, kind, by, endReason, forCellular, OnActionCompleted);
        Add(Event(PhoneEventKind.ActionSent, $"{kind} call {call.Short} to the app (asked by {by}), timeout {action.TimeoutAt:HH:mm:ss.fff}") with
        {
            CallUuid = call.Uuid,
            Action = kind,
            By = by,
        });
        PostToApp(provider.App, () => provider.Handler.PerformAction(provider, action));
    }

    /// <summary>
    /// An action completed: fulfilled or failed by the app, or timed out. R7: on timeout the delegate hears
    /// timedOutPerforming, the action stays complete (later fulfil/fail are no-ops in <see cref="CallAction"/>), and
    /// "depending on the action, this timeout may also force the call to end" (CXProvider.h): Answer, Start and End do here.
    /// </summary>
    private void OnActionCompleted(CallAction action, CallActionResult result)
    {
        lock (_lock)
        {
            if (!_actions.TryComplete(action, out var pending))
            {
                return;
            }

            var call = pending.Call;
            var provider = call.Provider;
            Add(Event(result == CallActionResult.TimedOut ? PhoneEventKind.ActionTimedOut : PhoneEventKind.ActionCompleted, $"{action.Kind} call {call.Short}: {result}") with
            {
                CallUuid = call.Uuid,
                Action = action.Kind,
                ActionResult = result,
            });
            if (!provider.App.Alive || !provider.Live)
            {
                return;
            }

            if (result == CallActionResult.TimedOut)
            {
                PostToApp(provider.App, () => provider.Handler.TimedOutPerforming(provider, action));
            }

            var fulfilled = result == CallActionResult.Fulfilled;
            switch (action.Kind)
            {
                case CallActionKind.Answer when fulfilled:
                    ConnectLocked(call, "answer fulfilled");
                    _audio.Activate(provider);
                    break;
                case CallActionKind.Start when fulfilled:
                    // Started, not connected: the callee may still be ringing. The call connects when the app reports it
                    // (reportOutgoingCall(with:connectedAt:)); call audio is up from now, for the ringback (R10).
                    call.State = CallState.Dialing;
                    if (call.ConnectedAt is not null)
                    {
                        ConnectLocked(call, "reported connected while its start was pending");
                    }

                    _audio.Activate(provider);
                    break;
                case CallActionKind.Answer when result == CallActionResult.Failed:
                    // A failed answer ends the call, with an End action following (expo-callkit-telecom docs, platform rules 3.1).
                    Add(Event(PhoneEventKind.CallFailedShown, $"call {call.Short}: \"Call Failed\"") with { CallUuid = call.Uuid });
                    SendActionLocked(call, CallActionKind.End, PhoneActor.System, CallEndedReason.Failed);
                    break;
                case CallActionKind.Answer:
                case CallActionKind.Start:
                    EndCallLocked(call, CallEndedReason.Failed, PhoneActor.System, $"{action.Kind} {result}", failedScreen: true);
                    break;
                case CallActionKind.End:
                    // ASSUMPTION: the user (or system) wanted the call gone; it ends whatever the app answered.
                    EndCallLocked(call, pending.EndReason, pending.By, $"End action {result}", failedScreen: false);
                    break;
                case CallActionKind.Hold when fulfilled:
                    call.State = CallState.Held;
                    call.HeldForCellular = pending.ForCellular;
                    Add(Event(PhoneEventKind.CallHeld, $"call {call.Short} on hold") with { CallUuid = call.Uuid });
                    if (!_calls.Values.Any(c => c.HasCallAudio))
                    {
                        _audio.Deactivate(provider);
                    }

                    break;
                case CallActionKind.Hold when pending.ForCellular:
                    // ASSUMPTION: a VoIP call that cannot be held cannot stay beside the cellular call.
                    EndCallLocked(call, CallEndedReason.Failed, PhoneActor.System, "could not hold for a cellular call", failedScreen: false);
                    break;
                case CallActionKind.Unhold when fulfilled:
                    // An outgoing call held before it connected goes back to dialing, not to connected.
                    call.State = call.WasConnected || call.Incoming ? CallState.Connected : CallState.Dialing;
                    call.HeldForCellular = false;
                    Add(Event(PhoneEventKind.CallUnheld, $"call {call.Short} off hold") with { CallUuid = call.Uuid });
                    _audio.Unheld(call);
                    break;
                default:
                    break;
            }
        }
    }

    // ---- Audio (R10, in CallAudio) ----

    public AudioSessionError? AppSetsAudioActive(bool active)
    {
        lock (_lock)
        {
            return _audio.AppSetsActive(active, anyCall: _calls.Count > 0);
        }
    }

    /// <summary>R10: a cellular call comes in and is taken; <see cref="CallAudio.StartCellular"/> says which calls are held.</summary>
    public void StartCellularCall()
    {
        lock (_lock)
        {
            foreach (var call in _audio.StartCellular(_calls.Values))
            {
                SendActionLocked(call, CallActionKind.Hold, PhoneActor.System, forCellular: true);
            }
        }
    }

    /// <summary>R10: the cellular call ends; <see cref="CallAudio.EndCellular"/> says which held calls are resumed.</summary>
    public void EndCellularCall(bool byUser)
    {
        lock (_lock)
        {
            foreach (var call in _audio.EndCellular(byUser, _calls.Values))
            {
                SendActionLocked(call, CallActionKind.Unhold, PhoneActor.System);
            }
        }
    }

    /// <summary>
    /// R9: callservicesd crashes. Every provider of the app hears providerDidReset, every call ends (failed), and the old
    /// providers stay dead: transactions get UnknownCallProvider (2) until the app creates a new provider (DTS 801418).
    /// </summary>
    public void Reset()
    {
        lock (_lock)
        {
            Add(Event(PhoneEventKind.DaemonReset, "callservicesd restarted: providers reset"));
            var providers = _providers.ToList();
            foreach (var provider in providers)
            {
                provider.Live = false;
            }

            _providers.Clear();
            _actions.DropAll();
            foreach (var call in _calls.Values.ToList())
            {
                EndCallLocked(call, CallEndedReason.Failed, PhoneActor.System, "callservicesd reset", failedScreen: false);
            }

            _audio.Reset();
            foreach (var provider in providers)
            {
                PostToApp(provider.App, () => provider.Handler.ProviderDidReset(provider));
            }
        }
    }

    /// <summary>Stops every timer (the phone is being disposed).</summary>
    public void Shutdown()
    {
        lock (_lock)
        {
            _reports.Shutdown();
            _actions.DropAll();
        }
    }

    // ---- Plumbing ----

    /// <summary>Runs app code on the main queue, unless the instance has died meanwhile; an exception from it crashes the app.</summary>
    private void PostToApp(AppInstance app, Action work) =>
        _main.Post(() =>
        {
            lock (_lock)
            {
                if (!app.Alive)
                {
                    return;
                }
            }

            try
            {
                work();
            }
            catch (Exception e)
            {
                Crash(app, CrashKind.UncaughtException, $"{e.GetType().FullName}: {e.Message}", strike: false);
            }
        });

    private PhoneEvent Event(PhoneEventKind kind, string detail) => new(_time.GetUtcNow(), kind, detail);

    /// <summary>A date the app gave, which is on the phone's (skewed) clock, on the true clock; null means now.</summary>
    private DateTimeOffset TrueTime(DateTimeOffset? phoneDate) => phoneDate is { } d ? d - _phoneClock.Skew : _time.GetUtcNow();

    private static string Stamp(string name, DateTimeOffset? at) => at is { } a ? $" ({name} {a:HH:mm:ss.fff})" : "";

    private void Add(PhoneEvent phoneEvent) => _timeline.Add(phoneEvent);

    private static string Short(Guid uuid) => uuid.ToString()[..8];

    private static string Describe(string? name, CallHandle? handle) => $"{name ?? "(no name)"} <{handle?.Type.ToString() ?? "no handle"} {handle?.Value}>";
}
