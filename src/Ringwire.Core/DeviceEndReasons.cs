namespace Ringwire.Core;

/// <summary>Maps a call's state to the CallKit end reason one device must show (contract §6).</summary>
public static class DeviceEndReasons
{
    /// <summary>
    /// The reason <paramref name="deviceId"/> of <paramref name="userId"/> should end its call with, or null while
    /// the call goes on for it, and for the device that itself answered, declined or ended.
    /// </summary>
    public static DeviceEndReason? For(Call call, string userId, string? deviceId)
    {
        if (call.State == CallState.Ringing)
        {
            return null;
        }

        if (deviceId is not null && call.EndedByDevice == deviceId && call.EndedBy == userId)
        {
            return null;
        }

        var isCallee = userId == call.To;
        if (isCallee && call.AnsweredBy is not null && call.AnsweredBy != deviceId)
        {
            return DeviceEndReason.AnsweredElsewhere;
        }

        return call.State switch
        {
            CallState.Answered => null,
            CallState.Cancelled or CallState.Ended => DeviceEndReason.RemoteEnded,
            CallState.Declined when call.EndReason == EndReason.CalleeDeclined =>
                isCallee ? DeviceEndReason.DeclinedElsewhere : DeviceEndReason.RemoteEnded,
            // Busy on one of the callee's devices (on another call, no call waiting): declined there; the caller hears busy.
            CallState.Declined when isCallee && call.EndedByDevice is not null => DeviceEndReason.DeclinedElsewhere,
            CallState.Missed or CallState.Unreachable => DeviceEndReason.Unanswered,
            _ => DeviceEndReason.Failed,
        };
    }
}
