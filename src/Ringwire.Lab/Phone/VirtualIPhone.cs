using System.Text.Json;
using Ringwire.Client.CallKit;
using Ringwire.Client.PushKit;
using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Phone;

/// <summary>
/// One iPhone running one app: PushKit, CallKit and callservicesd emulated with the rules R1–R10 of
/// shared/reference/ios-android-platform-rules.md §6. Fed by <see cref="Deliver"/> or an attached
/// <see cref="SimulatedDevice"/>; what the user saw and heard is on <see cref="Timeline"/>. All times come from the
/// <see cref="TimeProvider"/> it is built with.
/// </summary>
public sealed class VirtualIPhone : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly MainQueue _main = new();
    private readonly CallDaemon _daemon;
    private readonly PushRegistry _pushKit;
    private readonly SkewedClock _localClock;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<(SimulatedDevice Device, Task Loop)> _attached = [];
    private bool _online = true;

    public VirtualIPhone(TimeProvider time, VirtualIPhoneSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        Settings = settings ?? new VirtualIPhoneSettings();
        _localClock = new SkewedClock(time) { Skew = Settings.ClockSkew };
        _daemon = new CallDaemon(time, _localClock, _main, Timeline, Settings);
        _pushKit = new PushRegistry(_daemon);
        AudioSession = new VirtualAudioSession(_daemon);
    }

    /// <summary>What the phone started with; the runtime properties below may have moved on since.</summary>
    public VirtualIPhoneSettings Settings { get; }

    public string BundleId => Settings.BundleId;

    public PhoneTimeline Timeline { get; } = new();

    /// <summary>The phone's own clock (true time + <see cref="ClockSkew"/>): give it to the app as its TimeProvider.</summary>
    public TimeProvider LocalClock => _localClock;

    /// <summary>The app's audio session.</summary>
    public VirtualAudioSession AudioSession { get; }

    public IosVersion Version
    {
        get => _daemon.Version;
        set => _daemon.Version = value;
    }

    /// <summary>Whether callservicesd sees the app in the foreground (R5).</summary>
    public bool Foreground
    {
        get => _daemon.Foreground;
        set => _daemon.Foreground = value;
    }

    public TimeSpan ClockSkew
    {
        get => _localClock.Skew;
        set => _localClock.Skew = value;
    }

    public bool DoNotDisturb
    {
        get => _daemon.DoNotDisturb;
        set => _daemon.DoNotDisturb = value;
    }

    /// <summary>ASSUMPTION (see <see cref="VirtualIPhoneSettings.DebuggerAttached"/>): no R1/R2 termination, no strike.</summary>
    public bool DebuggerAttached
    {
        get => _daemon.DebuggerAttached;
        set => _daemon.DebuggerAttached = value;
    }

    /// <summary>Whether the phone is reachable; mirrored to every attached <see cref="SimulatedDevice"/>.</summary>
    public bool Online
    {
        get
        {
            lock (_lock)
            {
                return _online;
            }
        }
        set
        {
            SimulatedDevice[] devices;
            lock (_lock)
            {
                _online = value;
                devices = [.. _attached.Select(a => a.Device)];
            }

            foreach (var device in devices)
            {
                device.Online = value;
            }
        }
    }

    public bool CellularCallInProgress => _daemon.CellularCallInProgress;

    public bool IsAppRunning => _daemon.AppRunning;

    /// <summary>R4: strikes within the window now.</summary>
    public int Strikes => _daemon.Strikes;

    /// <summary>R4: whether callservicesd refuses VoIP pushes for the app.</summary>
    public bool IsVoipBlocked => _daemon.VoipBlocked;

    /// <summary>Calls callservicesd knows and that have not ended.</summary>
    public IReadOnlyList<Guid> LiveCalls => _daemon.LiveCalls;

    public IReadOnlyList<RecentsEntry> Recents => _daemon.RecentsSnapshot();

    /// <summary>VoIP pushes handed to the app's PushKit delegate (dropped ones excluded).</summary>
    public int VoipPushesDelivered => Timeline.OfKind(PhoneEventKind.VoipPushDelivered).Count;

    /// <summary>Every time the app was killed (R1 exception, R2 0xbaadca11, or its own exception).</summary>
    public IReadOnlyList<PhoneEvent> Crashes => Timeline.OfKind(PhoneEventKind.AppCrashed);

    /// <summary>How (and by whom) a call ended, or null while it has not.</summary>
    public PhoneEvent? EndOf(Guid callUuid) => Timeline.Events.FirstOrDefault(e => e.Kind == PhoneEventKind.CallEnded && e.CallUuid == callUuid);

    /// <summary>The calls the screen shows or showed, in the order they appeared (from <see cref="Timeline"/>).</summary>
    public IReadOnlyList<ScreenCall> ScreenCalls() => ScreenCallReplay.From(Timeline.Events);

    /// <summary>Every ringing interval, of one call or of all, in order.</summary>
    public IReadOnlyList<RingingInterval> RingingIntervals(Guid? callUuid = null)
    {
        var intervals = new List<RingingInterval>();
        var open = new Dictionary<Guid, int>();
        foreach (var e in Timeline.Events)
        {
            if (e.CallUuid is not { } uuid || (callUuid is not null && uuid != callUuid))
            {
                continue;
            }

            if (e.Kind == PhoneEventKind.RingingStarted)
            {
                open[uuid] = intervals.Count;
                intervals.Add(new RingingInterval(uuid, e.At, null));
            }
            else if (e.Kind == PhoneEventKind.RingingStopped && open.Remove(uuid, out var index))
            {
                intervals[index] = intervals[index] with { Stop = e.At };
            }
        }

        return intervals;
    }

    public void Block(CallHandle handle) => _daemon.Block(handle);

    public void Unblock(CallHandle handle) => _daemon.Unblock(handle);

    /// <summary>
    /// Installs the app. <paramref name="launch"/> is its start-up: it gets the phone's call system (to create its
    /// provider from) and returns its PushKit delegate. It runs on the main queue when a VoIP push finds the app not
    /// running, or on <see cref="Launch"/>. Installing again is an update: strikes stay.
    /// </summary>
    public void Install(Func<ICallSystem, IVoipPushReceiver> launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        _daemon.Install(launch);
    }

    /// <summary>R4: delete and install again; strikes and the VoIP block are gone.</summary>
    public void Reinstall() => _daemon.Reinstall();

    /// <summary>The user opens the app (no-op when it runs); completes when its launch code has run.</summary>
    public Task Launch() => _main.RunAsync(() =>
    {
        if (_daemon.InstanceForLaunch("the user") is (var app, true))
        {
            _daemon.RunLaunch(app, "the user");
        }
    });

    /// <summary>The user force-quits the app: its calls end, no strike.</summary>
    public void Terminate() => _daemon.Terminate();

    /// <summary>Feeds the phone from a simulated APNs device, in inbox order, until the phone is disposed.</summary>
    public void Attach(SimulatedDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        lock (_lock)
        {
            device.Online = _online;
            _attached.Add((device, Task.Run(() => FeedAsync(device, _stop.Token))));
        }
    }

    /// <summary>
    /// A push reaches the phone: VoIP to PushKit (R1–R5), alert shown as a banner. Completes once it has been handled on
    /// the main queue (for VoIP: the delegate returned and PushKit's check ran).
    /// </summary>
    public Task Deliver(ApnsNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return _main.RunAsync(() =>
        {
            if (!Online)
            {
                Timeline.Add(new PhoneEvent(_time.GetUtcNow(), PhoneEventKind.PushDropped, $"{notification.PushType} push {notification.ApnsId}: phone offline") { ApnsId = notification.ApnsId });
                return;
            }

            switch (notification.PushType)
            {
                case "voip":
                    _pushKit.Deliver(notification);
                    break;
                case "alert":
                    Timeline.Add(new PhoneEvent(_time.GetUtcNow(), PhoneEventKind.AlertShown, "banner: " + AlertText(notification.Payload)) { ApnsId = notification.ApnsId });
                    break;
                default:
                    Timeline.Add(new PhoneEvent(_time.GetUtcNow(), PhoneEventKind.PushDropped, $"{notification.PushType} push {notification.ApnsId}: not emulated") { ApnsId = notification.ApnsId });
                    break;
            }
        });
    }

    /// <summary>The user taps Answer: CXAnswerCallAction to the app (R7). False when no such call is ringing.</summary>
    public bool AnswerCall(Guid callUuid) => _daemon.AnswerCall(callUuid);

    /// <summary>The user declines a ringing call: CXEndCallAction (the single end path, DTS 765367).</summary>
    public bool DeclineCall(Guid callUuid) => _daemon.EndCall(callUuid, "declined");

    /// <summary>The user hangs up: CXEndCallAction.</summary>
    public bool EndCall(Guid callUuid) => _daemon.EndCall(callUuid, "ended by the user");

    /// <summary>R10: a cellular call is taken; connected VoIP calls are held.</summary>
    public void StartCellularCall() => _daemon.StartCellularCall();

    /// <summary>R10: the cellular call ends, by the user (VoIP call resumed) or by the remote side (it stays held, no audio).</summary>
    public void EndCellularCall(bool byUser) => _daemon.EndCellularCall(byUser);

    /// <summary>R9: callservicesd crashes and comes back.</summary>
    public void ResetDaemon() => _daemon.Reset();

    /// <summary>Completes when everything posted to the main queue so far has run (for tests that assert something did not happen).</summary>
    internal Task DrainAsync() => _main.RunAsync(() => { });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task[] loops;
        lock (_lock)
        {
            loops = [.. _attached.Select(a => a.Loop)];
        }

        await Task.WhenAll(loops);
        _daemon.Shutdown();
        await _main.DisposeAsync();
        _stop.Dispose();
    }

    private async Task FeedAsync(SimulatedDevice device, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var notification in device.Inbox.ReadAllAsync(cancellationToken))
            {
                await Deliver(notification);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The banner text iOS would show: aps.alert as a string, or its title and body.</summary>
    private static string AlertText(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var json = JsonDocument.Parse(payload);
            if (json.RootElement.TryGetProperty("aps", out var aps) && aps.TryGetProperty("alert", out var alert))
            {
                return alert.ValueKind == JsonValueKind.String
                    ? alert.GetString() ?? ""
                    : string.Join(": ", new[] { "title", "body" }.Select(n => alert.TryGetProperty(n, out var v) ? v.GetString() : null).OfType<string>());
            }
        }
        catch (JsonException)
        {
        }

        return "(no alert text)";
    }
}
