namespace Ringwire.Server.Options;

/// <summary>The device WebSocket channel.</summary>
public sealed class ChannelOptions
{
    /// <summary>How often the server pings an idle socket.</summary>
    public double KeepAliveSeconds { get; set; } = 15;
    /// <summary>A socket that does not answer a ping within this time is closed and forgotten.</summary>
    public double KeepAliveTimeoutSeconds { get; set; } = 15;
}
