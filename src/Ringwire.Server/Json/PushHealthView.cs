using Ringwire.Core;

namespace Ringwire.Server.Json;

/// <summary><c>status</c> is <c>ok</c>, <c>at_risk</c> or <c>no_token</c> (contract §4).</summary>
public sealed record PushHealthView(string Status, int UnclaimedPushes24h)
{
    /// <summary>From this many unclaimed VoIP pushes in 24 h a device is at risk of iOS cutting its pushes off (contract §4).</summary>
    public const int AtRiskUnclaimedPushes = 3;

    public const string Ok = "ok";
    public const string AtRisk = "at_risk";
    public const string NoToken = "no_token";

    /// <summary>How far back unclaimed pushes count.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>
    /// The one rule, for a user's own device list and for the operator's: <paramref name="unclaimedPushes"/> are the
    /// device's wake-up pushes within <see cref="Window"/> that no claim or report followed.
    /// </summary>
    public static PushHealthView Of(Device device, int unclaimedPushes) => new(
        device.WakeToken is null ? NoToken : unclaimedPushes >= AtRiskUnclaimedPushes ? AtRisk : Ok,
        unclaimedPushes);
}
