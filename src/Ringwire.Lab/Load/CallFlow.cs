using System.Diagnostics;

namespace Ringwire.Lab.Load;

/// <summary>
/// Plays one call from create to hang-up, every step under the call's 10 s deadline:
/// create → incoming at a → (answer at a → reply → answered at b → end at a → ended)
/// or (caller ends over REST). Expected failures are counted by kind, never thrown.
/// </summary>
internal sealed class CallFlow
{
    private static TimeSpan CallTimeout => TimeSpan.FromSeconds(10);
    private static TimeSpan CleanupTimeout => TimeSpan.FromSeconds(3);

    private readonly RingwireApi _api;
    private readonly RunMetrics _metrics;
    private readonly int _concurrency;
    private readonly CancellationToken _stop;
    private int _creating;

    public CallFlow(RingwireApi api, RunMetrics metrics, int concurrency, CancellationToken stop)
    {
        _api = api;
        _metrics = metrics;
        _concurrency = concurrency;
        _stop = stop;
    }

    /// <summary>
    /// Takes one of the --concurrency create slots, or fails at once: the generator is open-loop
    /// and never waits, so a plain counter does what a semaphore would.
    /// </summary>
    public bool TryTakeCreateSlot()
    {
        if (Interlocked.Increment(ref _creating) <= _concurrency)
        {
            return true;
        }

        Interlocked.Decrement(ref _creating);
        return false;
    }

    /// <summary>Runs a call whose callee is reserved and whose create slot is taken; frees both.</summary>
    public async Task RunAsync(CallAttempt attempt)
    {
        var completed = false;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop);
            deadline.CancelAfter(CallTimeout);
            completed = await PlayAsync(attempt, deadline.Token);
        }
        finally
        {
            if (!completed && attempt.CallId is not null)
            {
                await HangUpLeftoverAsync(attempt.CallerToken, attempt.CallId);
            }

            attempt.Callee.Finish(attempt);
        }
    }

    private async Task<bool> PlayAsync(CallAttempt attempt, CancellationToken deadline)
    {
        var stage = "create";
        try
        {
            _metrics.CallAttempted();
            var startedAt = Stopwatch.GetTimestamp();
            ApiReply created;
            try
            {
                created = await _api.CreateCallAsync(attempt.CallerToken, attempt.Callee.CreateCallBody, deadline);
            }
            finally
            {
                Interlocked.Decrement(ref _creating);
            }

            if (!created.IsSuccess || created.CallId is null)
            {
                _metrics.Errors.Add(created.ErrorKind("create"));
                return false;
            }

            _metrics.CreateLatency.Record(created.ReceivedAt - startedAt);
            var callId = created.CallId;
            attempt.Callee.Bind(attempt, callId);

            stage = "incoming";
            if (!await ReachedAsync(attempt.Incoming, attempt, deadline))
            {
                return false;
            }

            _metrics.RingLatency.Record(attempt.Incoming.Result - startedAt);
            if (!attempt.Answers)
            {
                stage = "caller end";
                var ended = await _api.EndCallAsync(attempt.CallerToken, callId, deadline);
                if (!ended.IsSuccess)
                {
                    _metrics.Errors.Add(ended.ErrorKind("end"));
                    return false;
                }

                _metrics.CancelledCallCompleted();
                return true;
            }

            stage = "answer reply";
            attempt.Callee.A.Send(DeviceRequest.Answer(callId), answerFor: attempt);
            if (!await ReachedAsync(attempt.AnswerReply, attempt, deadline))
            {
                return false;
            }

            if (attempt.AnswerReply.Result.IsError)
            {
                _metrics.Errors.Add($"socket answer {attempt.AnswerReply.Result.Code}");
                return false;
            }

            stage = "answered at b";
            if (!await ReachedAsync(attempt.AnsweredElsewhere, attempt, deadline))
            {
                return false;
            }

            _metrics.AnswerToEventLatency.Record(attempt.AnsweredElsewhere.Result - attempt.AnswerSentAt);

            stage = "hang-up";
            attempt.Callee.A.Send(DeviceRequest.End(callId));
            var first = await Task.WhenAny(attempt.EndReply, attempt.Terminal).WaitAsync(deadline);
            if (first == attempt.EndReply && attempt.EndReply.Result.IsError)
            {
                _metrics.Errors.Add($"socket end {attempt.EndReply.Result.Code}");
                return false;
            }

            if (first == attempt.Terminal && attempt.Terminal.Result != "ended")
            {
                _metrics.Errors.Add($"ended early {attempt.Terminal.Result}");
                return false;
            }

            _metrics.AnsweredCallCompleted();
            return true;
        }
        catch (OperationCanceledException)
        {
            // The call's deadline, the end of the drain, or HttpClient's own timeout: all the same to the report.
            _metrics.Errors.Add($"timeout {stage}");
            return false;
        }
        catch (HttpRequestException e)
        {
            _metrics.Errors.Add($"network {stage} {e.HttpRequestError}");
            return false;
        }
    }

    /// <summary>
    /// Waits for one step of the call; a terminal event before it (e.g. unreachable, missed)
    /// ends the attempt at once as "ended early".
    /// </summary>
    private async Task<bool> ReachedAsync(Task step, CallAttempt attempt, CancellationToken deadline)
    {
        var first = await Task.WhenAny(step, attempt.Terminal).WaitAsync(deadline);
        if (first == step)
        {
            return true;
        }

        _metrics.Errors.Add($"ended early {attempt.Terminal.Result}");
        return false;
    }

    /// <summary>
    /// Best effort: the caller ends a call that did not complete, so the callee is not left
    /// ringing or in an answered call when it gets its next one.
    /// </summary>
    private async Task HangUpLeftoverAsync(string callerToken, string callId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop);
        timeout.CancelAfter(CleanupTimeout);
        try
        {
            await _api.EndCallAsync(callerToken, callId, timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
        {
            // Already counted as this call's error; the server's own timers end the call.
        }
    }
}
