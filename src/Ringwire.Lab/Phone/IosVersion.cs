namespace Ringwire.Lab.Phone;

/// <summary>The two iOS generations the Lab tells apart: 26.4 added <c>PKVoIPPushMetadata.mustReport</c> (platform rules 1.6).</summary>
public enum IosVersion
{
    /// <summary>Before iOS 26.4: every VoIP push must be reported; <c>VoipPush.MustReport</c> is null.</summary>
    Before26_4,

    /// <summary>iOS 26.4 or later: PushKit tells the app whether it must report (<c>mustReport</c>).</summary>
    From26_4,
}
