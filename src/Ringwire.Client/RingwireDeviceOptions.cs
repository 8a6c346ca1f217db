using Ringwire.Client.CallKit;

namespace Ringwire.Client;

/// <summary>How a <see cref="RingwireDevice"/> reaches the server and the choices an app makes about its calls.</summary>
public sealed record RingwireDeviceOptions
{
    /// <summary>The server's base URL, e.g. <c>https://ring.example.com</c>.</summary>
    public required Uri Server { get; init; }

    /// <summary>This device's id.</summary>
    public required string DeviceId { get; init; }

    /// <summary>Gives a current user token (minted by the app's backend with <c>POST /v1/tokens</c>).</summary>
    public required Func<CancellationToken, ValueTask<string>> UserToken { get; init; }

    /// <summary>The user's id; read from the token's <c>sub</c> when null.</summary>
    public string? UserId { get; init; }

    /// <summary>How long a pushed call may wait for its claim's answer before it ends as failed (default 5 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>What a new call does while the user is in one.</summary>
    public CallWaiting CallWaiting { get; init; } = CallWaiting.Ring;

    /// <summary>How far past <c>ringUntil</c> (on the server's clock) a push must be before it is judged stale locally.</summary>
    public TimeSpan StaleTolerance { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Server clock minus local clock, when known before the first <c>hello</c> (e.g. kept from an earlier run).</summary>
    public TimeSpan? ServerClockOffset { get; init; }

    /// <summary>Delays between reconnect attempts.</summary>
    public ReconnectBackoff Backoff { get; init; } = new();

    /// <summary>The clock for every timeout and for judging stale pushes.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The settings of the CallKit provider the device creates.</summary>
    public CallProviderConfiguration CallProvider { get; init; } = new();
}
