namespace Ringwire.Core;

/// <summary>A device a user registered to be rung on.</summary>
public sealed record Device
{
    public required string UserId { get; init; }
    public required string DeviceId { get; init; }
    public required Platform Platform { get; init; }
    /// <summary>PushKit token (iOS): the one push that may wake the app for a call.</summary>
    public string? VoipToken { get; init; }
    /// <summary>Regular APNs token (iOS), used only for missed-call alerts.</summary>
    public string? AlertToken { get; init; }
    public string? FcmToken { get; init; }
    public ApnsEnvironment ApnsEnvironment { get; init; }
    public string? BundleId { get; init; }
    public string? Name { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? LastSeenAt { get; init; }

    /// <summary>The token that wakes this device for a call, if it has one.</summary>
    public string? WakeToken => Platform switch
    {
        Platform.Ios => VoipToken,
        Platform.Android => FcmToken,
        _ => null,
    };
}
