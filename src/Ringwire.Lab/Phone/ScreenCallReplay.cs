using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Phone;

/// <summary>
/// The calls a phone's screen shows or showed, replayed from its timeline: an incoming call from the moment it rings, an
/// outgoing one from the moment the system accepts its start (connected only once the app reports it connected), each
/// followed to its end.
/// </summary>
internal static class ScreenCallReplay
{
    /// <summary>Every call in the order it appeared; a UUID that rings again after it ended is a new entry.</summary>
    public static IReadOnlyList<ScreenCall> From(IEnumerable<PhoneEvent> timeline)
    {
        var calls = new List<ScreenCall>();
        var latest = new Dictionary<Guid, int>();
        var connected = new HashSet<int>();
        foreach (var e in timeline)
        {
            if (e.CallUuid is not { } uuid)
            {
                continue;
            }

            var known = latest.TryGetValue(uuid, out var index);
            var call = known ? calls[index] : null;
            switch (e.Kind)
            {
                case PhoneEventKind.RingingStarted when call is null or { State: ScreenCallState.Ended }:
                    latest[uuid] = calls.Count;
                    calls.Add(new ScreenCall(uuid, Incoming: true, ScreenCallState.Ringing, DisplayOf(e), null, null, e.At));
                    break;
                case PhoneEventKind.TransactionRequested when e is { Action: CallActionKind.Start, TransactionError: null }
                    && call is null or { State: ScreenCallState.Ended }:
                    latest[uuid] = calls.Count;
                    calls.Add(new ScreenCall(uuid, Incoming: false, ScreenCallState.Starting, null, null, null, e.At));
                    break;
                case PhoneEventKind.CallUpdated when call is not null && call.State != ScreenCallState.Ended:
                    calls[index] = call with { Display = DisplayOf(e) ?? call.Display };
                    break;
                case PhoneEventKind.AnswerTapped when call is { State: ScreenCallState.Ringing }:
                case PhoneEventKind.TransactionRequested when e is { Action: CallActionKind.Answer, TransactionError: null }
                    && call is { State: ScreenCallState.Ringing }:
                    calls[index] = call with { State = ScreenCallState.Answering };
                    break;
                case PhoneEventKind.CallConnected when call is not null && call.State != ScreenCallState.Ended:
                    connected.Add(index);
                    calls[index] = call with { State = call.State == ScreenCallState.Held ? ScreenCallState.Held : ScreenCallState.Connected };
                    break;
                case PhoneEventKind.CallUnheld when call is not null && call.State != ScreenCallState.Ended:
                    // An outgoing call held before it connected is still calling.
                    calls[index] = call with { State = call.Incoming || connected.Contains(index) ? ScreenCallState.Connected : ScreenCallState.Starting };
                    break;
                case PhoneEventKind.CallHeld when call is not null && call.State != ScreenCallState.Ended:
                    calls[index] = call with { State = ScreenCallState.Held };
                    break;
                case PhoneEventKind.CallEnded when call is not null && call.State != ScreenCallState.Ended:
                    calls[index] = call with { State = ScreenCallState.Ended, EndReason = e.EndReason, EndedBy = e.By };
                    break;
                default:
                    break;
            }
        }

        return calls;
    }

    private static string? DisplayOf(PhoneEvent e) =>
        !string.IsNullOrEmpty(e.CallerName) ? e.CallerName : string.IsNullOrEmpty(e.Handle?.Value) ? null : e.Handle.Value;
}
