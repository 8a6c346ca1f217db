namespace Ringwire.Server.Options;

public sealed class DeviceOptions
{
    /// <summary>Registering one more removes the device registered or seen longest ago.</summary>
    public int MaxPerUser { get; set; } = 10;
}
