namespace Ringwire.Lab.Load;

/// <summary>
/// One call the generator attempts: what the devices have seen of it so far. Socket reader
/// loops only complete these signals; <see cref="CallFlow"/> awaits them in order. Signals run
/// their continuations asynchronously so a reader loop never executes call logic inline.
/// </summary>
internal sealed class CallAttempt
{
    private const TaskCreationOptions Async = TaskCreationOptions.RunContinuationsAsynchronously;

    private readonly TaskCompletionSource<long> _incoming = new(Async);
    private readonly TaskCompletionSource<ServerFrame> _answerReply = new(Async);
    private readonly TaskCompletionSource<long> _answeredElsewhere = new(Async);
    private readonly TaskCompletionSource<ServerFrame> _endReply = new(Async);
    private readonly TaskCompletionSource<string> _terminal = new(Async);
    private long _answerSentAt;

    public CallAttempt(Callee callee, string callerToken, bool answers)
    {
        Callee = callee;
        CallerToken = callerToken;
        Answers = answers;
    }

    public Callee Callee { get; }

    public string CallerToken { get; }

    /// <summary>True: device a answers and hangs up; false: the caller cancels over REST.</summary>
    public bool Answers { get; }

    /// <summary>Set (under the callee's lock) once the 201 arrived.</summary>
    public string? CallId { get; set; }

    /// <summary>Stopwatch timestamp at which device a received the incoming event.</summary>
    public Task<long> Incoming => _incoming.Task;

    public Task<ServerFrame> AnswerReply => _answerReply.Task;

    /// <summary>Stopwatch timestamp at which device b received the answered event.</summary>
    public Task<long> AnsweredElsewhere => _answeredElsewhere.Task;

    public Task<ServerFrame> EndReply => _endReply.Task;

    /// <summary>The first terminal event device a saw for this call.</summary>
    public Task<string> Terminal => _terminal.Task;

    public long AnswerSentAt => Volatile.Read(ref _answerSentAt);

    public void MarkAnswerSent(long timestamp) => Volatile.Write(ref _answerSentAt, timestamp);

    public void OnIncoming(long receivedAt) => _incoming.TrySetResult(receivedAt);

    public void OnAnswerReply(ServerFrame reply) => _answerReply.TrySetResult(reply);

    public void OnAnsweredElsewhere(long receivedAt) => _answeredElsewhere.TrySetResult(receivedAt);

    public void OnEndReply(ServerFrame reply) => _endReply.TrySetResult(reply);

    public void OnTerminal(string callEvent) => _terminal.TrySetResult(callEvent);
}
