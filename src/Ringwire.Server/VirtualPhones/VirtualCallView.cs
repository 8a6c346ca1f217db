using System.Text.Json;
using Ringwire.Lab.Phone;

namespace Ringwire.Server.VirtualPhones;

/// <summary>One call as a virtual phone's screen shows it.</summary>
/// <param name="State"><c>ringing</c> (incoming, not answered), <c>dialing</c> (outgoing, not connected), <c>connected</c> (also while an
/// answer is being connected) or <c>ended</c>.</param>
/// <param name="Display">What the screen shows for the other party.</param>
/// <param name="EndedReason">CallKit's end reason (<c>remoteEnded</c>, …); null when ended by this phone's user, or not ended.</param>
public sealed record VirtualCallView(Guid CallId, string Direction, string State, string? Display, string? EndedReason)
{
    public const string Ringing = "ringing";
    public const string Dialing = "dialing";
    public const string Connected = "connected";
    public const string Ended = "ended";

    public static VirtualCallView Of(ScreenCall call) => new(
        call.CallUuid,
        call.Incoming ? "incoming" : "outgoing",
        StateOf(call),
        call.Display,
        call.EndReason is { } reason ? JsonNamingPolicy.CamelCase.ConvertName(reason.ToString()) : null);

    private static string StateOf(ScreenCall call) => call.State switch
    {
        ScreenCallState.Ended => Ended,
        ScreenCallState.Ringing => Ringing,
        // Outgoing: the screen says "Calling…" until the app reports the call connected (reportOutgoingCall(with:connectedAt:)),
        // which it does when the server says the callee answered.
        ScreenCallState.Starting => Dialing,
        // Answering too: the ringing stopped and the in-call screen says "connecting" until the app fulfils the answer.
        _ => Connected,
    };
}
