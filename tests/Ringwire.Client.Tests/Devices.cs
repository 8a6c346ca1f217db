namespace Ringwire.Client.Tests;

/// <summary>Builds devices for tests: fast reconnects, a fixed token.</summary>
internal static class Devices
{
    public static RingwireDeviceOptions Options(Uri server, string deviceId, string token, TimeProvider? time = null) => new()
    {
        Server = server,
        DeviceId = deviceId,
        UserToken = _ => ValueTask.FromResult(token),
        Time = time ?? TimeProvider.System,
        Backoff = new ReconnectBackoff { Minimum = TimeSpan.FromMilliseconds(20), Maximum = TimeSpan.FromMilliseconds(200) },
    };

    /// <summary>A device whose server nothing listens on, on a clock that never moves by itself: decisions only.</summary>
    public static (RingwireDevice Device, FakeCallSystem System, ManualClock Clock) Offline(Func<RingwireDeviceOptions, RingwireDeviceOptions>? change = null)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var options = Options(ServerFixture.DeadAddress(), "b-phone", "not-a-jwt", clock) with { UserId = "bob" };
        var system = new FakeCallSystem();
        var device = new RingwireDevice(change?.Invoke(options) ?? options, system);
        return (device, system, clock);
    }
}
