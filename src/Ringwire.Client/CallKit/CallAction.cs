namespace Ringwire.Client.CallKit;

/// <summary>
/// One action the system asks the app to perform (<c>CXCallAction</c>). The first of fulfil, fail or time-out
/// completes it; later ones have no effect (CXAction.h: "Calling this method more than once ... has no effect").
/// </summary>
public sealed class CallAction
{
    private readonly Action<CallAction, CallActionResult> _completed;
    private int _result;

    /// <summary>For the call system: an action whose completion it hears about through <paramref name="completed"/>.</summary>
    public CallAction(CallActionKind kind, Guid callUuid, DateTimeOffset timeoutAt, Action<CallAction, CallActionResult> completed)
    {
        Kind = kind;
        CallUuid = callUuid;
        TimeoutAt = timeoutAt;
        _completed = completed;
    }

    /// <summary>What the action asks for.</summary>
    public CallActionKind Kind { get; }

    /// <summary>The call it is about (not the action's own id).</summary>
    public Guid CallUuid { get; }

    /// <summary>After this time the action cannot be completed (<c>timeoutDate</c>).</summary>
    public DateTimeOffset TimeoutAt { get; }

    /// <summary>Whether it was fulfilled, failed or timed out.</summary>
    public bool IsComplete => Volatile.Read(ref _result) != 0;

    /// <summary>How it completed, or null while it is pending.</summary>
    public CallActionResult? Result => Volatile.Read(ref _result) is var r and not 0 ? (CallActionResult)r : null;

    /// <summary>The app performed the action.</summary>
    public void Fulfill() => Complete(CallActionResult.Fulfilled);

    /// <summary>The app could not perform the action.</summary>
    public void Fail() => Complete(CallActionResult.Failed);

    /// <summary>For the call system: the action timed out; returns false when it had already completed.</summary>
    public bool TimeOut() => Complete(CallActionResult.TimedOut);

    private bool Complete(CallActionResult result)
    {
        if (Interlocked.CompareExchange(ref _result, (int)result, 0) != 0)
        {
            return false;
        }

        _completed(this, result);
        return true;
    }
}
