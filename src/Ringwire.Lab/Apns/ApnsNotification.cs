namespace Ringwire.Lab.Apns;

/// <summary>
/// A push as a device receives it. <paramref name="Expiration"/> is null when the request had no apns-expiration, and
/// <see cref="DateTimeOffset.UnixEpoch"/> for apns-expiration 0 (deliver once, never store).
/// </summary>
public sealed record ApnsNotification(
    Guid ApnsId,
    string PushType,
    string Topic,
    int Priority,
    DateTimeOffset? Expiration,
    string? CollapseId,
    ReadOnlyMemory<byte> Payload,
    DateTimeOffset AcceptedAt);
