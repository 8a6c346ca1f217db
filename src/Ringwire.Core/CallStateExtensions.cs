namespace Ringwire.Core;

public static class CallStateExtensions
{
    /// <summary>A terminal call never changes again (contract §5).</summary>
    public static bool IsTerminal(this CallState state) => state > CallState.Answered;

    /// <summary>The name of the device-channel event that announces a call entering this state.</summary>
    public static string EventName(this CallState state) => state switch
    {
        CallState.Ringing => "incoming",
        CallState.Answered => "answered",
        CallState.Cancelled => "cancelled",
        CallState.Declined => "declined",
        CallState.Missed => "missed",
        CallState.Unreachable => "unreachable",
        CallState.Ended => "ended",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
