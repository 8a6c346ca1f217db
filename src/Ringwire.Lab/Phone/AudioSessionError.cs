namespace Ringwire.Lab.Phone;

/// <summary>Why an app's own audio session activation failed, with the OSStatus raw value.</summary>
public enum AudioSessionError
{
    /// <summary>
    /// <c>AVAudioSessionErrorInsufficientPriority</c> ('!pri', NSOSStatusErrorDomain 561017449): CallKit's phone audio
    /// session outranks the app's (DTS thread 749202).
    /// </summary>
    InsufficientPriority = 561017449,
}
