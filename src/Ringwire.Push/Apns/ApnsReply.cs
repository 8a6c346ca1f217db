namespace Ringwire.Push.Apns;

/// <summary>
/// Everything APNs said to one push, for a person to read (<c>ringwire push</c>, <c>ringwire apns-check</c>): the
/// outcome with status, reason and 410 timestamp, and the headers and body as Apple sent them (A2).
/// </summary>
public readonly record struct ApnsReply
{
    public required PushOutcome Outcome { get; init; }

    /// <summary>Where the request went, <c>https://…/3/device/&lt;token&gt;</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>The answer's <c>apns-id</c>: the request's, echoed (A2).</summary>
    public string? ApnsId { get; init; }

    /// <summary>The answer's <c>apns-unique-id</c>, sent by the sandbox only (A2), for Apple's Push Notifications Console.</summary>
    public string? ApnsUniqueId { get; init; }

    /// <summary>An error answer's body as sent, e.g. <c>{"reason":"BadDeviceToken"}</c>.</summary>
    public string? Body { get; init; }

    /// <summary>When no answer came: what the connection said (refused, untrusted certificate, timeout).</summary>
    public string? Failure { get; init; }
}
