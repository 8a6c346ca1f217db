namespace Ringwire.Core;

/// <summary>
/// Claims carried on the connect (<c>/v1/connect?claim=…</c>, an addition to contract §6 in docs/protocol.md): how many
/// a connect may carry, and the <c>replyTo</c> of each answer — one definition for both ends of the channel.
/// </summary>
public static class CarriedClaims
{
    /// <summary>More would make the connect URL long and the first answer slow, for no phone rings that many calls.</summary>
    public const int Max = 8;

    /// <summary>The <c>replyTo</c> of the answer to a claim carried on the connect.</summary>
    public static string ReplyTo(Guid callId) => "claim:" + callId.ToString("D");
}
