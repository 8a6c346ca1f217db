using System.Security.Cryptography;
using Ringwire.Core;
using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Scenarios;

public static class PhoneWorldExtensions
{
    /// <summary>A new simulated device token at the world's APNs for its app (VoIP topic, or the alert topic).</summary>
    public static SimulatedDevice AddApnsDevice(this IPhoneWorld world, bool voip = true)
    {
        ArgumentNullException.ThrowIfNull(world);
        return world.Apns.AddDevice(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            voip ? $"{world.BundleId}.voip" : world.BundleId, ApnsEnvironment.Sandbox);
    }
}
