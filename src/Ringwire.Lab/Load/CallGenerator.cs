using System.Diagnostics;

namespace Ringwire.Lab.Load;

/// <summary>
/// Open-loop call generator: call i is due at i / rate seconds after the start, whatever the
/// server's latency, so a slow server shows up as latency and skips rather than as a lower
/// offered rate (no coordinated omission). A periodic timer releases the calls due so far.
/// </summary>
internal sealed class CallGenerator
{
    private static TimeSpan SettleAfterDrain => TimeSpan.FromSeconds(3);

    private readonly LoadOptions _options;
    private readonly IReadOnlyList<Callee> _callees;
    private readonly IReadOnlyList<string> _callerTokens;
    private readonly CallFlow _flow;
    private readonly RunMetrics _metrics;
    private readonly TextWriter _error;
    private readonly List<Task> _calls = [];
    private int _pruneAt = 1024;
    private int _nextCallee;
    private int _nextCaller;

    public CallGenerator(
        LoadOptions options,
        IReadOnlyList<Callee> callees,
        IReadOnlyList<string> callerTokens,
        CallFlow flow,
        RunMetrics metrics,
        TextWriter error)
    {
        _options = options;
        _callees = callees;
        _callerTokens = callerTokens;
        _flow = flow;
        _metrics = metrics;
        _error = error;
    }

    /// <summary>Runs the measured phase; returns how long it actually lasted.</summary>
    public async Task<TimeSpan> RunAsync(CancellationToken interrupt)
    {
        var rate = _options.Rate;
        var total = Math.Max(1, (long)Math.Round(rate * _options.Seconds));
        var duration = TimeSpan.FromSeconds(_options.Seconds);

        // Ticks of 1–10 ms: fine enough to spread calls evenly, coarse enough to stay cheap at high rates.
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Clamp(1000.0 / rate, 1, 10)));
        var startedAt = Stopwatch.GetTimestamp();
        long issued = 0;
        try
        {
            while (true)
            {
                var elapsed = Stopwatch.GetElapsedTime(startedAt);
                var due = Math.Min(total, (long)(elapsed.TotalSeconds * rate) + 1);
                for (; issued < due; issued++)
                {
                    Dispatch(issued);
                }

                if (issued >= total && elapsed >= duration)
                {
                    break;
                }

                await timer.WaitForNextTickAsync(interrupt);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop placing calls; the drain and the report still run.
        }

        return Stopwatch.GetElapsedTime(startedAt);
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for calls still in flight (each ends by its own
    /// 10 s deadline anyway), then cancels the stragglers and gives them a moment to count themselves.
    /// </summary>
    public async Task DrainAsync(TimeSpan timeout, CancellationTokenSource stop)
    {
        var all = Task.WhenAll(_calls);
        try
        {
            await all.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync();
            try
            {
                await all.WaitAsync(SettleAfterDrain);
            }
            catch (TimeoutException)
            {
                await _error.WriteLineAsync("error: some calls did not unwind after the drain; their results are missing");
            }
        }
    }

    private void Dispatch(long index)
    {
        _metrics.CallScheduled();
        var callee = NextFreeCallee();
        if (callee is null)
        {
            _metrics.CallSkippedBusy();
            return;
        }

        if (!_flow.TryTakeCreateSlot())
        {
            callee.CancelReservation();
            _metrics.CallSkippedConcurrency();
            return;
        }

        var callerToken = _callerTokens[_nextCaller];
        _nextCaller = (_nextCaller + 1) % _callerTokens.Count;
        var attempt = new CallAttempt(callee, callerToken, Answers(index));
        callee.Begin(attempt);
        _calls.Add(_flow.RunAsync(attempt));

        // Busy flags bound the calls in flight by the callee count, so pruning finished ones keeps this
        // list small on long runs; faulted ones stay so the drain surfaces the bug.
        if (_calls.Count >= _pruneAt)
        {
            _calls.RemoveAll(static call => call.IsCompletedSuccessfully);
            _pruneAt = Math.Max(1024, _calls.Count * 2);
        }
    }

    /// <summary>Round-robin over callees, skipping any whose previous call is still ringing or answered.</summary>
    private Callee? NextFreeCallee()
    {
        for (var scanned = 0; scanned < _callees.Count; scanned++)
        {
            var callee = _callees[_nextCallee];
            _nextCallee = (_nextCallee + 1) % _callees.Count;
            if (callee.TryReserve())
            {
                return callee;
            }
        }

        return null;
    }

    /// <summary>Spreads answered calls evenly: exactly floor(n · F) of the first n calls are answered.</summary>
    private bool Answers(long index)
    {
        var fraction = _options.AnswerFraction;
        return Math.Floor((index + 1) * fraction) > Math.Floor(index * fraction);
    }
}
