namespace Ringwire.Client;

/// <summary>What the app does with a new call while the user is already in one.</summary>
public enum CallWaiting
{
    /// <summary>Call waiting: the new call rings alongside the current one.</summary>
    Ring,

    /// <summary>No call waiting: the new call is declined as busy and never rings.</summary>
    Busy,
}
