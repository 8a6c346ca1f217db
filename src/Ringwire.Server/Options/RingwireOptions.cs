namespace Ringwire.Server.Options;

/// <summary>Everything under the <c>Ringwire</c> configuration section (contract §1).</summary>
public sealed class RingwireOptions
{
    public const string Section = "Ringwire";

    public StorageOptions Storage { get; set; } = new();
    /// <summary>Keys app backends send as <c>X-Api-Key</c>.</summary>
    public List<string> ApiKeys { get; set; } = [];
    /// <summary>Secret (≥ 32 bytes) for user tokens; generated per process when absent.</summary>
    public string? TokenSigningKey { get; set; }
    /// <summary>Base URL devices reach; its <c>/v1/connect</c> goes into pushes.</summary>
    public string? PublicUrl { get; set; }
    public RingingOptions Ringing { get; set; } = new();
    public DeviceOptions Devices { get; set; } = new();
    public RetentionOptions Retention { get; set; } = new();
    public ChannelOptions Channel { get; set; } = new();
    public RateLimitOptions RateLimits { get; set; } = new();
    public ApnsOptions Apns { get; set; } = new();
    public ClusterOptions Cluster { get; set; } = new();
    public OtlpOptions Otlp { get; set; } = new();
}
