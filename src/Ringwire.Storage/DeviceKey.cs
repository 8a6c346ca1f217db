namespace Ringwire.Storage;

/// <summary>A device's identity: device ids are scoped per user.</summary>
public readonly record struct DeviceKey(string UserId, string DeviceId);
