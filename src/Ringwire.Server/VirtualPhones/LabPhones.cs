using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Ringwire.Lab.Scenarios;
using Ringwire.Server.Auth;
using Ringwire.Server.Hosting;
using Ringwire.Server.Logging;
using Ringwire.Server.Options;

namespace Ringwire.Server.VirtualPhones;

/// <summary>
/// The lab's virtual iPhones. Lab mode is on when no Apple key is configured, so that the server's real pushes go to
/// its built-in APNs simulator: each phone is a Ringwire.Lab <see cref="LabPhone"/> (a virtual iPhone running an app
/// built on Ringwire.Client) that registers with this server through its real API, is woken by those pushes and reaches
/// the server through a network path of its own. The phones are switched off when the host stops.
/// </summary>
public sealed class LabPhones : IAsyncDisposable
{
    /// <summary>How many phones the lab holds at most: each has a relay, an app and a feed loop of its own.</summary>
    public const int MaxPhones = 20;

    /// <summary>How long a phone's id may be: its user's id, shortened to this, plus a suffix.</summary>
    private const int MaxStemLength = 100;

    private readonly IServer _server;
    private readonly IServiceProvider _services;
    private readonly UserTokens _tokens;
    private readonly TimeProvider _time;
    private readonly ILogger<LabPhones> _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<LabPhone> _phones = [];
    private readonly HashSet<string> _starting = new(StringComparer.OrdinalIgnoreCase);
    private ServerPhoneWorld? _world;
    private Task? _switchOff;

    public LabPhones(IOptions<RingwireOptions> options, IServer server, IServiceProvider services, UserTokens tokens, TimeProvider time,
        IHostApplicationLifetime lifetime, ILogger<LabPhones> logger)
    {
        var apns = options.Value.Apns;
        Enabled = !apns.HasKey;
        BundleId = BuiltInApns.BundleIdFor(apns);
        _server = server;
        _services = services;
        _tokens = tokens;
        _time = time;
        _logger = logger;
        // Before Kestrel waits for open requests to finish: the phones' own WebSockets are among them.
        lifetime.ApplicationStopping.Register(() => SwitchOffAll());
    }

    /// <summary>False when an Apple key is configured: pushes then go to Apple and cannot reach a virtual phone.</summary>
    public bool Enabled { get; }

    /// <summary>The app the phones run: the bundle id the built-in APNs simulator takes pushes for.</summary>
    public string BundleId { get; }

    /// <summary>The phones, in the order they were switched on.</summary>
    public IReadOnlyList<LabPhone> Phones
    {
        get
        {
            lock (_lock)
            {
                return [.. _phones];
            }
        }
    }

    public LabPhone? Find(string phoneId)
    {
        lock (_lock)
        {
            return _phones.Find(p => string.Equals(p.DeviceId, phoneId, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>
    /// Switches on a phone of <paramref name="userId"/>: its app is installed and registers the device with the server,
    /// then keeps running or not as <paramref name="appRunning"/> says.
    /// </summary>
    public async Task<PhoneCreation> CreateAsync(string userId, string name, bool appRunning, TimeSpan latency)
    {
        string phoneId;
        lock (_lock)
        {
            if (_phones.Count + _starting.Count >= MaxPhones)
            {
                return new PhoneCreation(null, PhoneRefusal.Full);
            }

            phoneId = NewPhoneIdLocked(userId);
            _starting.Add(phoneId);
        }

        try
        {
            if (World() is not { } world)
            {
                return new PhoneCreation(null, PhoneRefusal.NoHttpAddress);
            }

            // Not the request's token: a phone half switched on because its creator hung up would leave a registration behind.
            var phone = await LabPhone.StartAsync(world, name, userId, phoneId,
                new LabPhoneOptions { AppRunning = appRunning, Latency = latency }, _stop.Token);
            bool stopping;
            lock (_lock)
            {
                stopping = _switchOff is not null;
                if (!stopping)
                {
                    _phones.Add(phone);
                }
            }

            if (stopping)
            {
                await phone.DisposeAsync();
                throw new OperationCanceledException("The server is stopping.");
            }

            LabLog.PhoneCreated(_logger, phoneId, userId, appRunning, (int)latency.TotalMilliseconds, world.ServerAddress);
            return new PhoneCreation(phone, null);
        }
        finally
        {
            lock (_lock)
            {
                _starting.Remove(phoneId);
            }
        }
    }

    /// <summary>Deletes the phone's device registration (as its app would) and switches it off; false when there is no such phone.</summary>
    public async Task<bool> DeleteAsync(string phoneId)
    {
        LabPhone? phone;
        lock (_lock)
        {
            phone = _phones.Find(p => string.Equals(p.DeviceId, phoneId, StringComparison.OrdinalIgnoreCase));
            if (phone is null)
            {
                return false;
            }

            _phones.Remove(phone);
        }

        try
        {
            // First, so that no push goes to a token nobody reads any more.
            await phone.RequestAsync(HttpMethod.Delete, $"/v1/devices/{Uri.EscapeDataString(phone.DeviceId)}", null, _stop.Token);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or OperationCanceledException)
        {
            LabLog.DeviceNotDeleted(_logger, phone.DeviceId, phone.UserId, e);
        }

        await phone.DisposeAsync();
        LabLog.PhoneDeleted(_logger, phone.DeviceId, phone.UserId);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await SwitchOffAll();
        _world?.Dispose();
        _stop.Dispose();
    }

    /// <summary>The world the phones live in, made when the first phone is switched on (the server listens by then).</summary>
    private ServerPhoneWorld? World()
    {
        lock (_lock)
        {
            if (_world is not null)
            {
                return _world;
            }

            var addresses = _server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            if (ServerListenAddress.Pick(addresses) is not { } address)
            {
                LabLog.NoHttpAddress(_logger, string.Join(", ", addresses));
                return null;
            }

            var apns = _services.GetRequiredService<BuiltInApns>().Simulator;
            _world = new ServerPhoneWorld(_time, address, apns, BundleId, _tokens);
            return _world;
        }
    }

    private Task SwitchOffAll()
    {
        LabPhone[] phones;
        lock (_lock)
        {
            if (_switchOff is not null)
            {
                return _switchOff;
            }

            phones = [.. _phones];
            _phones.Clear();
            // On the thread pool: a phone's own disposal must not run under this lock.
            _switchOff = Task.Run(() => Task.WhenAll(phones.Select(p => p.DisposeAsync().AsTask())));
        }

        _stop.Cancel();
        return _switchOff;
    }

    /// <summary>The user's id made lower-case and URL-safe, with <c>-iphone</c> (and a number when taken).</summary>
    private string NewPhoneIdLocked(string userId)
    {
        var stem = new string([.. userId.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-')]);
        if (stem.Length > MaxStemLength)
        {
            stem = stem[..MaxStemLength];
        }

        var id = $"{stem}-iphone";
        for (var n = 2; _starting.Contains(id) || _phones.Exists(p => string.Equals(p.DeviceId, id, StringComparison.OrdinalIgnoreCase)); n++)
        {
            id = $"{stem}-iphone-{n}";
        }

        return id;
    }
}
