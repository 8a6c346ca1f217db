namespace Ringwire.Lab.Scenarios;

/// <summary>
/// How long one phone showed one call ringing (or failed) after the call was over. <paramref name="OverWhenPushArrived"/>
/// marks a ghost ring proper: the call had ended before its push reached the phone. <paramref name="RoundTrip"/> is the
/// phone's network round trip to the server (twice its path's one-way latency), the unit issue 4's goal is set in.
/// </summary>
public sealed record RingMeasure(string Phone, Guid CallId, bool OverWhenPushArrived, TimeSpan AfterEnd, TimeSpan RoundTrip)
{
    public override string ToString() =>
        $"{Phone}: {(OverWhenPushArrived ? "ghost ring" : "rang after the end")} {AfterEnd.TotalMilliseconds:0.0} ms";
}
