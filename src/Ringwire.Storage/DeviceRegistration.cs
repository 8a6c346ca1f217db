using Ringwire.Core;

namespace Ringwire.Storage;

/// <summary>The device as stored, and the devices the per-user cap removed to make room for it.</summary>
public sealed record DeviceRegistration(Device Device, bool Created, IReadOnlyList<string> EvictedDeviceIds);
