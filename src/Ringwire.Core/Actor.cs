namespace Ringwire.Core;

/// <summary>Who asks for a change: a party to the call (optionally from one of its devices) or an app backend.</summary>
public sealed record Actor(ActorRole Role, string? UserId = null, string? DeviceId = null)
{
    public static Actor Backend { get; } = new(ActorRole.Backend);

    /// <summary>The role <paramref name="userId"/> plays in <paramref name="call"/>, or null when not a party.</summary>
    public static Actor? For(Call call, string userId, string? deviceId = null) =>
        userId == call.To ? new Actor(ActorRole.Callee, userId, deviceId)
        : userId == call.From ? new Actor(ActorRole.Caller, userId, deviceId)
        : null;
}
