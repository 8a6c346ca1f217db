using System.Collections.Immutable;

namespace Ringwire.Core;

/// <summary>Decides how a new call starts: ringing, or already over (blocked, do not disturb, busy, no devices).</summary>
public static class CallOpening
{
    public static Call Open(Guid callId, CallRequest request, CalleeSituation callee, RingingRules rules, DateTimeOffset now)
    {
        var ringSeconds = request.RingSeconds ?? rules.DefaultRingSeconds;
        var call = new Call
        {
            CallId = callId,
            From = request.From,
            To = request.To,
            // An empty name is no name: the alert and the phone fall back to the caller's id.
            CallerName = string.IsNullOrWhiteSpace(request.CallerName) ? null : request.CallerName,
            // Never an empty handle: iOS 26 breaks the in-call "More" button on one (device-and-lab.md, rule 1).
            CallerHandle = string.IsNullOrEmpty(request.CallerHandle) ? request.From : request.CallerHandle,
            HandleType = request.HandleType,
            Video = request.Video,
            State = CallState.Ringing,
            CreatedAt = now,
            RingUntil = now.AddSeconds(ringSeconds),
            ClaimUntil = now + rules.ClaimTimeout,
            Metadata = request.Metadata,
        };

        // A block must look exactly like a user with no devices: no legs, nothing that tells the caller more.
        if (callee.CallerBlocked)
        {
            return End(call, CallState.Unreachable, EndReason.NoDevices, [], now);
        }

        if (callee.InDnd)
        {
            return End(call, CallState.Missed, EndReason.Dnd, Legs(callee.Devices, PushStatus.Skipped), now);
        }

        if (callee.InAnsweredCall && rules.BusyPolicy == BusyPolicy.Reject)
        {
            return End(call, CallState.Declined, EndReason.Busy, Legs(callee.Devices, PushStatus.Skipped), now);
        }

        var legs = callee.Devices
            .Select(d => new Leg(d.DeviceId, d.Platform, d.WakeToken is null ? PushStatus.None : PushStatus.Pending))
            .ToImmutableArray();
        if (!callee.AnyDeviceConnected && legs.All(l => l.Push == PushStatus.None))
        {
            return End(call, CallState.Unreachable, EndReason.NoDevices, legs, now);
        }

        return call with { Legs = legs };
    }

    private static ImmutableArray<Leg> Legs(IReadOnlyList<Device> devices, PushStatus push) =>
        devices.Select(d => new Leg(d.DeviceId, d.Platform, push)).ToImmutableArray();

    private static Call End(Call call, CallState state, EndReason reason, ImmutableArray<Leg> legs, DateTimeOffset now) =>
        call with { State = state, EndReason = reason, EndedAt = now, Legs = legs };
}
