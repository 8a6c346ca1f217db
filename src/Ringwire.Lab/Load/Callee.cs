namespace Ringwire.Lab.Load;

/// <summary>
/// A callee user with two connected web devices: <c>a</c> answers and hangs up, <c>b</c> watches
/// for the answered event. Holds at most one call at a time (the busy flag) and routes frames
/// from both devices to it by call id.
/// </summary>
internal sealed class Callee : IDisposable
{
    // Incoming events that beat the 201 to this tool wait here for their call id to be known.
    private const int MaxUnmatchedIncoming = 16;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _unmatchedIncoming = new(StringComparer.Ordinal);
    private readonly RunMetrics _metrics;
    private CallAttempt? _current;
    private int _busy;

    public Callee(string userId, RunMetrics metrics)
    {
        UserId = userId;
        CreateCallBody = RingwireApi.CreateCallBody(userId);
        _metrics = metrics;
        A = new CalleeDevice(userId + "-a", OnFrameAtA, metrics);
        B = new CalleeDevice(userId + "-b", OnFrameAtB, metrics);
    }

    public string UserId { get; }

    /// <summary>The <c>{"to":…}</c> body of a call to this user.</summary>
    public ReadOnlyMemory<byte> CreateCallBody { get; }

    public CalleeDevice A { get; }

    public CalleeDevice B { get; }

    /// <summary>
    /// Mints the user's token, registers both devices and connects them: <c>a</c> to node <paramref name="node"/>,
    /// <c>b</c> to the next one, so with several nodes every answered event crosses from one node to another.
    /// </summary>
    public async Task ConnectAsync(RingwireApi api, int node, CancellationToken cancellationToken)
    {
        var token = await api.MintTokenAsync(UserId, cancellationToken);
        await api.RegisterWebDeviceAsync(token, A.DeviceId, cancellationToken);
        await api.RegisterWebDeviceAsync(token, B.DeviceId, cancellationToken);
        await Task.WhenAll(
            A.ConnectAsync(api.ConnectUri(A.DeviceId, token, node), cancellationToken),
            B.ConnectAsync(api.ConnectUri(B.DeviceId, token, node + 1), cancellationToken));
    }

    /// <summary>Claims this callee for one call; false while its previous call is still going.</summary>
    public bool TryReserve() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    /// <summary>Gives back a reservation that was not used for a call.</summary>
    public void CancelReservation() => Volatile.Write(ref _busy, 0);

    public void Begin(CallAttempt attempt)
    {
        lock (_lock)
        {
            _current = attempt;
        }
    }

    /// <summary>Records the call id from the 201 and replays an incoming event that came first.</summary>
    public void Bind(CallAttempt attempt, string callId)
    {
        long earlyIncoming;
        lock (_lock)
        {
            attempt.CallId = callId;
            _unmatchedIncoming.Remove(callId, out earlyIncoming);
        }

        if (earlyIncoming != 0)
        {
            attempt.OnIncoming(earlyIncoming);
        }
    }

    /// <summary>Ends this callee's part in a call and frees it for the next one.</summary>
    public void Finish(CallAttempt attempt)
    {
        string[] strays;
        lock (_lock)
        {
            if (_current == attempt)
            {
                _current = null;
            }

            // Still unmatched now means no call of ours: e.g. the server created a call whose 201 we never got.
            strays = [.. _unmatchedIncoming.Keys];
            _unmatchedIncoming.Clear();
        }

        foreach (var callId in strays)
        {
            DeclineStray(callId);
        }

        Volatile.Write(ref _busy, 0);
    }

    public async Task CloseAsync() => await Task.WhenAll(A.CloseAsync(), B.CloseAsync());

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }

    private void OnFrameAtA(ServerFrame frame, long receivedAt)
    {
        if (frame.ReplyTo is not null)
        {
            OnReply(frame);
            return;
        }

        if (frame.Type != "call" || frame.CallId is null)
        {
            if (frame.IsError)
            {
                _metrics.Errors.Add($"socket error {frame.Code}");
            }

            return;
        }

        if (frame.Event == "incoming")
        {
            OnIncoming(frame.CallId, receivedAt);
        }
        else if (frame.IsTerminalEvent)
        {
            Find(frame.CallId)?.OnTerminal(frame.Event!);
        }
    }

    private void OnFrameAtB(ServerFrame frame, long receivedAt)
    {
        if (frame.ReplyTo is null && frame.Type == "call" && frame.Event == "answered" && frame.CallId is not null)
        {
            Find(frame.CallId)?.OnAnsweredElsewhere(receivedAt);
        }
    }

    private void OnIncoming(string callId, long receivedAt)
    {
        CallAttempt? match = null;
        var stray = false;
        lock (_lock)
        {
            if (_current is null || (_current.CallId is not null && _current.CallId != callId))
            {
                // Not the call this callee is in: left over from an earlier run or a lost 201.
                stray = true;
            }
            else if (_current.CallId == callId)
            {
                match = _current;
            }
            else if (_unmatchedIncoming.Count < MaxUnmatchedIncoming)
            {
                _unmatchedIncoming.TryAdd(callId, receivedAt);
            }
        }

        match?.OnIncoming(receivedAt);
        if (stray)
        {
            DeclineStray(callId);
        }
    }

    private void OnReply(ServerFrame frame)
    {
        if (!DeviceRequest.TrySplitId(frame.ReplyTo!, out var verb, out var callId))
        {
            return;
        }

        var attempt = Find(callId);
        if (attempt is null)
        {
            return;
        }

        if (verb == DeviceRequest.AnswerVerb)
        {
            attempt.OnAnswerReply(frame);
        }
        else if (verb == DeviceRequest.EndVerb)
        {
            attempt.OnEndReply(frame);
        }
    }

    private CallAttempt? Find(string callId)
    {
        lock (_lock)
        {
            return _current is not null && _current.CallId == callId ? _current : null;
        }
    }

    // A call this callee is not part of would keep ringing and break the one-call-at-a-time rule.
    private void DeclineStray(string callId)
    {
        _metrics.StrayCallDeclined();
        A.Send(DeviceRequest.Decline(callId));
    }
}
