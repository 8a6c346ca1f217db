namespace Ringwire.Client.CallKit;

/// <summary>How a <see cref="CallAction"/> completed.</summary>
public enum CallActionResult
{
    /// <summary>The app fulfilled it.</summary>
    Fulfilled = 1,

    /// <summary>The app failed it.</summary>
    Failed = 2,

    /// <summary>Nobody completed it before its timeout.</summary>
    TimedOut = 3,
}
