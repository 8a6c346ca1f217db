namespace Ringwire.Client;

/// <summary>Where and as whom a <see cref="RingwireChannel"/> connects, and how it comes back after a drop.</summary>
public sealed record RingwireChannelOptions
{
    /// <summary>The server's base URL (<c>https://…</c> or <c>http://…</c>); the channel uses <c>wss</c>/<c>ws</c> on it.</summary>
    public required Uri Server { get; init; }

    /// <summary>This device's id, registered with <c>PUT /v1/devices/{deviceId}</c> first.</summary>
    public required string DeviceId { get; init; }

    /// <summary>Gives a current user token; asked again on every connection attempt.</summary>
    public required Func<CancellationToken, ValueTask<string>> UserToken { get; init; }

    /// <summary>How long opening the socket and reading the server's <c>hello</c> may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Delays between reconnect attempts.</summary>
    public ReconnectBackoff Backoff { get; init; } = new();

    /// <summary>The clock for timeouts, back-off delays and the server-clock offset.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
