namespace Ringwire.Storage;

/// <summary>One device connection held by one node (see <see cref="IPresenceStore"/>).</summary>
public sealed record PresenceEntry(Guid ConnectionId, string NodeId, string UserId, string DeviceId);
