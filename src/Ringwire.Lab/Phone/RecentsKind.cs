namespace Ringwire.Lab.Phone;

/// <summary>How the Phone app's Recents list shows a call.</summary>
public enum RecentsKind
{
    /// <summary>An incoming call nobody answered here (shown in red).</summary>
    Missed,

    /// <summary>An incoming call that was answered here, or handled on another device.</summary>
    Incoming,

    /// <summary>A call this phone started.</summary>
    Outgoing,
}
