namespace Ringwire.Lab.Load;

/// <summary>
/// One run: set-up (tokens, devices, sockets), the measured phase, a bounded drain, polite
/// close, report. Exit code 0 when set-ups completed without errors, 1 otherwise.
/// </summary>
public sealed class LoadRun : IDisposable
{
    private static TimeSpan SetUpTimeout => TimeSpan.FromSeconds(60);
    private static TimeSpan DrainTimeout => TimeSpan.FromSeconds(10);

    private readonly LoadOptions _options;
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly RingwireApi _api;
    private readonly RunMetrics _metrics = new();
    private readonly CancellationToken _interrupt;

    // Cancelled only when the drain is over: calls in flight keep running after an interrupt.
    private readonly CancellationTokenSource _stop = new();
    private readonly Callee[] _callees;

    /// <param name="interrupt">Stops placing calls; those in flight still finish (within the drain) and the report is printed.</param>
    public LoadRun(LoadOptions options, TextWriter output, TextWriter error, CancellationToken interrupt)
    {
        _options = options;
        _output = output;
        _error = error;
        _api = new RingwireApi(options.Urls, options.ApiKey, options.Concurrency);
        _interrupt = interrupt;
        _callees = new Callee[options.Devices];
        for (var i = 0; i < _callees.Length; i++)
        {
            _callees[i] = new Callee($"load-callee-{i}", _metrics);
        }
    }

    public async Task<int> RunAsync()
    {
        TimeSpan measured;
        try
        {
            await _output.WriteLineAsync(
                $"Setting up {_options.Callers} callers and {_options.Devices} callees with 2 web devices each at {string.Join(", ", _options.Urls)} ...");
            var callerTokens = await SetUpAsync();
            if (callerTokens is null)
            {
                return 1;
            }

            await _output.WriteLineAsync(
                $"Measuring: {_options.Rate:0.#} calls/s for {_options.Seconds:0.###} s, answer fraction {_options.AnswerFraction:0.###} ...");
            var flow = new CallFlow(_api, _metrics, _options.Concurrency, _stop.Token);
            var generator = new CallGenerator(_options, _callees, callerTokens, flow, _metrics, _error);
            measured = await generator.RunAsync(_interrupt);
            await generator.DrainAsync(DrainTimeout, _stop);
        }
        finally
        {
            // On every path, set-up failures included: sockets that did open get a Close frame.
            await CloseSocketsAsync();
        }

        var report = LoadReport.Create(_options, _metrics, measured);
        report.WriteText(_output);
        var exitCode = report.Completed > 0 && report.ErrorTotal == 0 ? 0 : 1;
        if (report.Completed == 0)
        {
            await FailAsync("no call set-up completed");
        }
        else if (report.ErrorTotal > 0)
        {
            await FailAsync($"{report.ErrorTotal} error(s) during the run (see above)");
        }

        if (_options.JsonPath is { } path && !await TryWriteJsonAsync(report, path))
        {
            exitCode = 1;
        }

        return exitCode;
    }

    public void Dispose()
    {
        foreach (var callee in _callees)
        {
            callee.Dispose();
        }

        _api.Dispose();
        _stop.Dispose();
    }

    /// <summary>Mints tokens, registers and connects devices; null (after one clear line) when that fails.</summary>
    private async Task<string[]?> SetUpAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_interrupt);
        timeout.CancelAfter(SetUpTimeout);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Min(_options.Concurrency, 32),
            CancellationToken = timeout.Token,
        };
        var callerTokens = new string[_options.Callers];
        try
        {
            // The first request alone: an unreachable server or a refused key fails once, fast.
            callerTokens[0] = await _api.MintTokenAsync("load-caller-0", timeout.Token);
            await Parallel.ForEachAsync(
                Enumerable.Range(1, callerTokens.Length - 1),
                parallel,
                async (i, ct) => callerTokens[i] = await _api.MintTokenAsync($"load-caller-{i}", ct));
            await Parallel.ForEachAsync(
                Enumerable.Range(0, _callees.Length),
                parallel,
                (i, ct) => new ValueTask(_callees[i].ConnectAsync(_api, i, ct)));
            return callerTokens;
        }
        catch (HttpRequestException e)
        {
            await FailAsync($"cannot reach the Ringwire server at {_options.Url}: {e.Message}");
        }
        catch (LoadAbortedException e)
        {
            await FailAsync($"set-up failed: {e.Message}");
        }
        catch (OperationCanceledException) when (_interrupt.IsCancellationRequested)
        {
            await FailAsync("interrupted during set-up");
        }
        catch (OperationCanceledException)
        {
            await FailAsync($"set-up did not finish within {SetUpTimeout.TotalSeconds:0} s (a request took over 10 s or the server is overloaded)");
        }

        return null;
    }

    private async Task<bool> TryWriteJsonAsync(LoadReport report, string path)
    {
        try
        {
            await report.WriteJsonAsync(path, CancellationToken.None);
            await _output.WriteLineAsync($"JSON report written to {path}");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await FailAsync($"could not write the JSON report to {path}: {e.Message}");
            return false;
        }
    }

    private Task CloseSocketsAsync() => Task.WhenAll(_callees.Select(callee => callee.CloseAsync()));

    private Task FailAsync(string message) => _error.WriteLineAsync($"error: {message}");
}
