using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ringwire.Client;
using Ringwire.Client.CallKit;
using Ringwire.Lab.Apns;
using Ringwire.Lab.Network;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Scenarios;

/// <summary>
/// A virtual iPhone running an app built on Ringwire.Client, registered with the world's server, fed by the world's
/// APNs simulator, and reaching the server through a <see cref="NetworkPath"/> of its own. The world is a scenario's
/// <see cref="LabWorld"/> or the server's own lab mode (<see cref="IPhoneWorld"/>).
/// </summary>
public sealed class LabPhone : IAsyncDisposable
{
    private readonly IPhoneWorld _world;
    private readonly string _token;
    private readonly Lock _lock = new();
    private RingwireDevice? _app;

    // Completed by each launch; a new one after a termination. PushKit records a push before it launches the app for it.
    private TaskCompletionSource<RingwireDevice> _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LabPhone(IPhoneWorld world, string name, string userId, string deviceId, string token, LabPhoneOptions options,
        VirtualIPhone phone, NetworkPath network, SimulatedDevice voip, SimulatedDevice? alert)
    {
        _world = world;
        _token = token;
        Name = name;
        UserId = userId;
        DeviceId = deviceId;
        Options = options;
        Phone = phone;
        Network = network;
        Voip = voip;
        Alert = alert;
    }

    /// <summary>The name timelines show, e.g. <c>bob's iPhone</c>.</summary>
    public string Name { get; }

    public string UserId { get; }

    /// <summary>The device id at the server.</summary>
    public string DeviceId { get; }

    public LabPhoneOptions Options { get; }

    public VirtualIPhone Phone { get; }

    public NetworkPath Network { get; }

    /// <summary>The VoIP token at APNs.</summary>
    public SimulatedDevice Voip { get; }

    public SimulatedDevice? Alert { get; }

    /// <summary>The app's Ringwire device, while the app runs.</summary>
    public RingwireDevice App
    {
        get
        {
            lock (_lock)
            {
                return _app ?? throw new InvalidOperationException($"The app on {Name} is not running.");
            }
        }
    }

    /// <summary>The app while it runs; null when it is not running.</summary>
    public RingwireDevice? RunningApp
    {
        get
        {
            lock (_lock)
            {
                return _app;
            }
        }
    }

    /// <summary>A phone whose device id is its name with dashes, e.g. <c>bob-iPhone</c> for <c>bob's iPhone</c>.</summary>
    public static Task<LabPhone> StartAsync(IPhoneWorld world, string name, string userId, LabPhoneOptions options, CancellationToken cancellationToken) =>
        StartAsync(world, name, userId, name.Replace("'s ", "-", StringComparison.Ordinal).Replace(' ', '-'), options, cancellationToken);

    /// <summary>
    /// Switches the phone on: installs the app, adds its tokens at APNs, registers the device with the server as the
    /// app would, then leaves the app running or not as <paramref name="options"/> say.
    /// </summary>
    public static async Task<LabPhone> StartAsync(IPhoneWorld world, string name, string userId, string deviceId, LabPhoneOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(options);
        var token = await world.TokenAsync(userId, cancellationToken);
        var phone = new VirtualIPhone(world.Clock, new VirtualIPhoneSettings
        {
            BundleId = world.BundleId,
            Version = options.Version,
            Foreground = options.Foreground,
        });
        var network = NetworkPath.To(world.ServerAddress);
        network.Latency = options.Latency;
        var voip = world.AddApnsDevice();
        var alert = options.AlertToken ? world.AddApnsDevice(voip: false) : null;
        var lab = new LabPhone(world, name, userId, deviceId, token, options, phone, network, voip, alert);
        phone.Install(options.BrokenApp ? _ => new UnreportingApp() : lab.Launch);
        phone.Attach(voip);
        if (alert is not null)
        {
            phone.Attach(alert);
        }

        try
        {
            await lab.RegisterAsync(cancellationToken);
            if (options.BrokenApp)
            {
                return lab;
            }

            await phone.Launch();
            if (options.AppRunning || options.Foreground)
            {
                await lab.App.StartAsync(cancellationToken);
            }
            else
            {
                await lab.TerminateAsync();
            }

            return lab;
        }
        catch
        {
            // A phone that could not start leaves no relay, no app and no feed loop behind.
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>The user opens the app, which launches it when it is not running; completes once its launch code has run.</summary>
    public async Task<RingwireDevice> OpenAppAsync()
    {
        await Phone.Launch();
        return App;
    }

    /// <summary>The user force-quits the app; its process, and so its connection, is gone.</summary>
    public async Task TerminateAsync()
    {
        Phone.Terminate();
        RingwireDevice? app;
        lock (_lock)
        {
            app = _app;
            _app = null;
            _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>The call as the app on this phone tracks it, once <paramref name="match"/> accepts it.</summary>
    public async Task<DeviceCall> WaitForCallAsync(Guid callId, Func<DeviceCall, bool> match, TimeSpan timeout)
    {
        Task<RingwireDevice> running;
        lock (_lock)
        {
            running = _running.Task;
        }

        var app = await running.WaitAsync(timeout);
        var seen = new TaskCompletionSource<DeviceCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(DeviceCall call)
        {
            if (call.CallId == callId && match(call))
            {
                seen.TrySetResult(call);
            }
        }

        app.CallChanged += OnChanged;
        try
        {
            if (app.Calls.FirstOrDefault(c => c.CallId == callId && match(c)) is { } already)
            {
                return already;
            }

            return await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name}: call {callId} did not get there within {timeout.TotalSeconds} s; the app has: " +
                string.Join("; ", app.Calls.Where(c => c.CallId == callId)));
        }
        finally
        {
            app.CallChanged -= OnChanged;
        }
    }

    /// <summary>A REST request as this phone's user, e.g. <c>PUT /v1/me/dnd</c>; returns the answer's JSON, if any.</summary>
    public async Task<JsonNode?> RequestAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var response = await _world.Users.SendAsync(request, cancellationToken);
        return response.Content.Headers.ContentLength == 0 ? null : await LabWorld.ReadAsync(response, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        RingwireDevice? app;
        lock (_lock)
        {
            app = _app;
            _app = null;
        }

        if (app is not null)
        {
            await app.DisposeAsync();
        }

        await Phone.DisposeAsync();
        await Network.DisposeAsync();
    }

    private RingwireDevice Launch(ICallSystem system)
    {
        var app = new RingwireDevice(new RingwireDeviceOptions
        {
            Server = Network.Address,
            DeviceId = DeviceId,
            UserId = UserId,
            UserToken = _ => ValueTask.FromResult(_token),
            CallWaiting = Options.CallWaiting,
            Time = Phone.LocalClock,
        }, system);
        app.IsInForeground = Options.Foreground;
        RingwireDevice? previous;
        lock (_lock)
        {
            previous = _app;
            _app = app;
            _running.TrySetResult(app);
        }

        // A relaunch means the old process died: so did its connection.
        if (previous is not null)
        {
            _ = previous.DisposeAsync().AsTask();
        }

        return app;
    }

    private Task RegisterAsync(CancellationToken cancellationToken) =>
        RequestAsync(HttpMethod.Put, $"/v1/devices/{DeviceId}", new
        {
            platform = "ios",
            voipToken = Voip.Token,
            alertToken = Alert?.Token,
            apnsEnvironment = "sandbox",
            bundleId = _world.BundleId,
            name = Name,
        }, cancellationToken);
}
