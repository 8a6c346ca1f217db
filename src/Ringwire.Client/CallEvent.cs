using Ringwire.Core;

namespace Ringwire.Client;

/// <summary>A <c>call</c> message of the device channel: an event (<see cref="Event"/> set) or the reply to a request.</summary>
/// <param name="Event">The event name (<c>incoming</c>, <c>answered</c>, …); null in a reply.</param>
/// <param name="Call">The call after the change.</param>
/// <param name="EndReason">This device's CallKit reason, present when the call is over for it.</param>
public sealed record CallEvent(string? Event, CallSnapshot Call, DeviceEndReason? EndReason);
