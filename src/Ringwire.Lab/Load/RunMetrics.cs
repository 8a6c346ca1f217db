namespace Ringwire.Lab.Load;

/// <summary>Everything the run counts and times, shared by the generator, the call flows and the devices.</summary>
internal sealed class RunMetrics
{
    private long _scheduled;
    private long _attempted;
    private long _skippedBusy;
    private long _skippedConcurrency;
    private long _completedAnswered;
    private long _completedCancelled;
    private long _strayCallsDeclined;

    /// <summary>POST /v1/calls start → 201 received.</summary>
    public LatencyRecorder CreateLatency { get; } = new();

    /// <summary>POST /v1/calls start → incoming event at device a.</summary>
    public LatencyRecorder RingLatency { get; } = new();

    /// <summary>Answer frame sent by device a → answered event received by device b.</summary>
    public LatencyRecorder AnswerToEventLatency { get; } = new();

    public ErrorTally Errors { get; } = new();

    public long Scheduled => Interlocked.Read(ref _scheduled);

    public long Attempted => Interlocked.Read(ref _attempted);

    public long SkippedBusy => Interlocked.Read(ref _skippedBusy);

    public long SkippedConcurrency => Interlocked.Read(ref _skippedConcurrency);

    public long CompletedAnswered => Interlocked.Read(ref _completedAnswered);

    public long CompletedCancelled => Interlocked.Read(ref _completedCancelled);

    public long StrayCallsDeclined => Interlocked.Read(ref _strayCallsDeclined);

    public void CallScheduled() => Interlocked.Increment(ref _scheduled);

    public void CallAttempted() => Interlocked.Increment(ref _attempted);

    public void CallSkippedBusy() => Interlocked.Increment(ref _skippedBusy);

    public void CallSkippedConcurrency() => Interlocked.Increment(ref _skippedConcurrency);

    public void AnsweredCallCompleted() => Interlocked.Increment(ref _completedAnswered);

    public void CancelledCallCompleted() => Interlocked.Increment(ref _completedCancelled);

    public void StrayCallDeclined() => Interlocked.Increment(ref _strayCallsDeclined);
}
