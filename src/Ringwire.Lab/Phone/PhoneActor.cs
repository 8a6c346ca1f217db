namespace Ringwire.Lab.Phone;

/// <summary>Who caused something on the phone.</summary>
public enum PhoneActor
{
    /// <summary>The person holding the phone (answer, decline, hang up, force-quit).</summary>
    User,

    /// <summary>The app, through CallKit or its audio session.</summary>
    App,

    /// <summary>iOS itself: callservicesd, PushKit, the audio system.</summary>
    System,
}
