using System.Text.Json;
using Ringwire.Client.CallKit;
using Ringwire.Lab.Apns;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Tests.Phone;

/// <summary>A virtual iPhone on a manual clock with <see cref="TestApp"/> installed; each launch makes a new app instance.</summary>
internal sealed class PhoneBed : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<TestApp> _apps = [];

    public PhoneBed(VirtualIPhoneSettings? settings = null, Action<TestApp>? configure = null, CallProviderConfiguration? configuration = null)
    {
        Phone = new VirtualIPhone(Clock, settings ?? new VirtualIPhoneSettings());
        Phone.Install(system =>
        {
            var app = new TestApp(system, configuration);
            configure?.Invoke(app);
            lock (_lock)
            {
                _apps.Add(app);
            }

            return app;
        });
    }

    public ManualClock Clock { get; } = new();

    public VirtualIPhone Phone { get; }

    public IReadOnlyList<TestApp> Apps
    {
        get
        {
            lock (_lock)
            {
                return [.. _apps];
            }
        }
    }

    /// <summary>The latest app instance.</summary>
    public TestApp App => Apps[^1];

    /// <summary>Delivers a VoIP push for <paramref name="callId"/> that APNs accepted <paramref name="age"/> ago.</summary>
    public async Task<Guid> PushAsync(Guid? callId = null, TimeSpan? age = null, string callerHandle = "alice")
    {
        var id = callId ?? Guid.NewGuid();
        await Phone.Deliver(Voip(id, Clock.GetUtcNow() - (age ?? TimeSpan.Zero), callerHandle)).WithTimeout();
        return id;
    }

    public Task<PhoneEvent> WaitFor(PhoneEventKind kind, Guid? callUuid = null) => Phone.Timeline.WaitForAsync(kind, TestTimeout.Default, callUuid);

    public int Count(PhoneEventKind kind) => Phone.Timeline.OfKind(kind).Count;

    /// <summary>Lets everything already posted to the app's main queue run (twice: callbacks may post more).</summary>
    public async Task SettleAsync()
    {
        await Phone.DrainAsync().WithTimeout();
        await Phone.DrainAsync().WithTimeout();
    }

    /// <summary>A contract §7 VoIP push, as the simulator hands it to a device.</summary>
    public static ApnsNotification Voip(Guid callId, DateTimeOffset acceptedAt, string callerHandle = "alice")
    {
        var sentAt = acceptedAt.ToUnixTimeMilliseconds();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new
        {
            ringwire = new
            {
                v = 1,
                callId,
                from = "alice",
                callerName = "Alice",
                callerHandle,
                handleType = "generic",
                video = false,
                sentAt,
                ringUntil = sentAt + 45_000,
                connect = "wss://ringwire.test/v1/connect",
            },
        });
        return new ApnsNotification(Guid.NewGuid(), "voip", "com.example.app.voip", 10, DateTimeOffset.UnixEpoch, null, payload, acceptedAt);
    }

    public async ValueTask DisposeAsync() => await Phone.DisposeAsync();
}
