namespace Ringwire.Core;

/// <summary>What the server knows of the callee at the moment a call is placed.</summary>
public sealed record CalleeSituation(
    IReadOnlyList<Device> Devices,
    bool CallerBlocked = false,
    bool InDnd = false,
    bool InAnsweredCall = false,
    bool AnyDeviceConnected = false);
