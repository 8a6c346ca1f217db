using Ringwire.Client.CallKit;
using Ringwire.Core;

namespace Ringwire.Client;

/// <summary>What the system is shown for an incoming call: whom it is from, never with an empty handle.</summary>
internal static class CallerDisplay
{
    private const string UnknownCaller = "Unknown";

    /// <summary>The update reported for <paramref name="call"/>, from its push (or server event) when there is one.</summary>
    public static CallUpdate For(VoipPayload? payload, TrackedCall call)
    {
        var handle = FirstNonEmpty(payload?.CallerHandle, payload?.From, call.From) ?? UnknownCaller;
        return new CallUpdate
        {
            // iOS 26 breaks the in-call "More" button on an empty handle: fall back to the caller's id, then a placeholder.
            RemoteHandle = new CallHandle(payload?.HandleType ?? HandleType.Generic, handle),
            LocalizedCallerName = payload?.CallerName ?? call.CallerName,
            HasVideo = payload?.Video,
        };
    }

    /// <summary>The update reported for a push that cannot be read: nobody is known, so the placeholder is shown.</summary>
    public static CallUpdate Unknown() => new() { RemoteHandle = new CallHandle(HandleType.Generic, UnknownCaller) };

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
