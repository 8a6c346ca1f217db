namespace Ringwire.Core.Tests;

/// <summary>
/// Test calls from alice (on her phone) to bob (on an iPhone and an Android tablet), created at the contract's example
/// moment with a 10 s claim timeout and 45 s of ringing. Also the actors and moments the tests share.
/// </summary>
public sealed class CallBuilder
{
    public const string Caller = "alice";
    public const string Callee = "bob";
    public const string CallerPhone = "a-phone";
    public const string CalleePhone = "b-phone";
    public const string CalleeTablet = "b-tablet";

    /// <summary>1763760000000 ms after the epoch, the contract's example <c>sentAt</c>.</summary>
    public static DateTimeOffset CreatedAt { get; } = DateTimeOffset.FromUnixTimeMilliseconds(1763760000000);

    public static DateTimeOffset ClaimUntil { get; } = CreatedAt.AddSeconds(10);

    public static DateTimeOffset RingUntil { get; } = CreatedAt.AddSeconds(45);

    /// <summary>A moment while the call rings, before either deadline.</summary>
    public static DateTimeOffset Meanwhile { get; } = CreatedAt.AddSeconds(3);

    /// <summary>Upper-case on purpose: the wire form must come out lower-case.</summary>
    public static Guid CallId { get; } = Guid.Parse("6F1C2A9E-4B7D-4E0A-9D3C-2F8B5A1E7C40");

    public static Actor CallerOnPhone { get; } = new(ActorRole.Caller, Caller, CallerPhone);

    public static Actor CalleeOnPhone { get; } = new(ActorRole.Callee, Callee, CalleePhone);

    public static Actor CalleeOnTablet { get; } = new(ActorRole.Callee, Callee, CalleeTablet);

    public static Actor CalleeWithoutDevice { get; } = new(ActorRole.Callee, Callee);

    private Call _call;

    private CallBuilder(Call call) => _call = call;

    public static CallBuilder Ringing() => new(new Call
    {
        CallId = CallId,
        From = Caller,
        To = Callee,
        CallerName = "Alice",
        CallerHandle = Caller,
        State = CallState.Ringing,
        CreatedAt = CreatedAt,
        RingUntil = RingUntil,
        ClaimUntil = ClaimUntil,
        Legs =
        [
            new Leg(CalleePhone, Platform.Ios, PushStatus.Sent),
            new Leg(CalleeTablet, Platform.Android, PushStatus.Sent),
        ],
    });

    /// <summary>A typical call in <paramref name="state"/>: answered on bob's phone, declined on his tablet, and so on.</summary>
    public static Call InState(CallState state) => state switch
    {
        CallState.Ringing => Ringing().Build(),
        CallState.Answered => Ringing().AnsweredOn(CalleePhone).Build(),
        CallState.Cancelled => Ringing().EndedAs(CallState.Cancelled, EndReason.CallerCancelled, Caller, CallerPhone).Build(),
        CallState.Declined => Ringing().EndedAs(CallState.Declined, EndReason.CalleeDeclined, Callee, CalleeTablet).Build(),
        CallState.Missed => Ringing().EndedAs(CallState.Missed, EndReason.RingTimeout).Build(),
        CallState.Unreachable => Ringing().EndedAs(CallState.Unreachable, EndReason.ClaimTimeout).Build(),
        CallState.Ended => Ringing().AnsweredOn(CalleePhone).EndedAs(CallState.Ended, EndReason.Hangup, Caller, CallerPhone).Build(),
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>alice or bob on the given device (or none), or an app backend.</summary>
    public static Actor As(ActorRole role, string? deviceId) => role switch
    {
        ActorRole.Caller => new Actor(ActorRole.Caller, Caller, deviceId),
        ActorRole.Callee => new Actor(ActorRole.Callee, Callee, deviceId),
        _ => Actor.Backend,
    };

    public CallBuilder WithCallerName(string? callerName)
    {
        _call = _call with { CallerName = callerName };
        return this;
    }

    public CallBuilder WithClaimUntil(DateTimeOffset claimUntil)
    {
        _call = _call with { ClaimUntil = claimUntil };
        return this;
    }

    public CallBuilder WithLegClaimed(string deviceId)
    {
        _call = _call with
        {
            Legs = [.. _call.Legs.Select(l => l.DeviceId == deviceId ? l with { ClaimedAt = Meanwhile } : l)],
        };
        return this;
    }

    public CallBuilder AnsweredOn(string deviceId)
    {
        _call = _call with
        {
            State = CallState.Answered,
            AnsweredBy = deviceId,
            AnsweredAt = Meanwhile,
            Version = _call.Version + 1,
        };
        return this;
    }

    public CallBuilder EndedAs(CallState state, EndReason reason, string? endedBy = null, string? endedByDevice = null)
    {
        _call = _call with
        {
            State = state,
            EndReason = reason,
            EndedBy = endedBy,
            EndedByDevice = endedByDevice,
            EndedAt = Meanwhile.AddSeconds(1),
            Version = _call.Version + 1,
        };
        return this;
    }

    public Call Build() => _call;
}
