namespace Ringwire.Storage;

public sealed record CallPermission(bool CallerBlocked, DateTimeOffset? DndUntil);
