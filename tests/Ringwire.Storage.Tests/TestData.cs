using Ringwire.Core;

namespace Ringwire.Storage.Tests;

/// <summary>Calls, devices and ids for the tests. Times are whole milliseconds: the precision stores keep.</summary>
public static class TestData
{
    public static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_900_000_000_000);

    public static DateTimeOffset At(double seconds) => T0.AddMilliseconds(Math.Round(seconds * 1000));

    /// <summary>An id no other test uses: the tests of a class share one database.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static Call RingingCall(string from, string to, DateTimeOffset createdAt, params Leg[] legs) => new()
    {
        CallId = Guid.NewGuid(),
        From = from,
        To = to,
        CallerHandle = from,
        State = CallState.Ringing,
        CreatedAt = createdAt,
        RingUntil = createdAt.AddSeconds(45),
        ClaimUntil = createdAt.AddSeconds(10),
        Legs = [.. legs],
    };

    public static Leg IosLeg(string deviceId, PushStatus push = PushStatus.Pending) => new(deviceId, Platform.Ios, push);

    public static Call Answered(Call call, string deviceId, DateTimeOffset at) =>
        call with { State = CallState.Answered, Version = call.Version + 1, AnsweredBy = deviceId, AnsweredAt = at };

    public static Call Ended(Call call, CallState state, EndReason reason, DateTimeOffset at) =>
        call with { State = state, Version = call.Version + 1, EndReason = reason, EndedAt = at };

    public static Device IosDevice(string userId, string deviceId, DateTimeOffset at, string? voipToken = null) => new()
    {
        UserId = userId,
        DeviceId = deviceId,
        Platform = Platform.Ios,
        VoipToken = voipToken,
        RegisteredAt = at,
        UpdatedAt = at,
    };

    public static TraceEvent Trace(DateTimeOffset at, string type, string? deviceId = null) => new(at, type, deviceId);
}
