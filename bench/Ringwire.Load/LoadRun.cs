namespace Ringwire.Load;

/// <summary>
/// One run: set-up (tokens, devices, sockets), the measured phase, a bounded drain, polite
/// close, report. Exit code 0 when at least one set-up completed, 1 otherwise.
/// </summary>
internal sealed class LoadRun : IDisposable
{
    private static TimeSpan SetUpTimeout => TimeSpan.FromSeconds(60);
    private static TimeSpan DrainTimeout => TimeSpan.FromSeconds(10);

    private readonly LoadOptions _options;
    private readonly RingwireApi _api;
    private readonly RunMetrics _metrics = new();
    private readonly CancellationToken _interrupt;

    // Cancelled only when the drain is over: calls in flight keep running after an interrupt.
    private readonly CancellationTokenSource _stop = new();
    private readonly Callee[] _callees;

    public LoadRun(LoadOptions options, CancellationToken interrupt)
    {
        _options = options;
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
            Console.WriteLine(
                $"Setting up {_options.Callers} callers and {_options.Devices} callees with 2 web devices each at {string.Join(", ", _options.Urls)} ...");
            var callerTokens = await SetUpAsync();
            if (callerTokens is null)
            {
                return 1;
            }

            Console.WriteLine(
                $"Measuring: {_options.Rate:0.#} calls/s for {_options.Seconds:0.###} s, answer fraction {_options.AnswerFraction:0.###} ...");
            var flow = new CallFlow(_api, _metrics, _options.Concurrency, _stop.Token);
            var generator = new CallGenerator(_options, _callees, callerTokens, flow, _metrics);
            measured = await generator.RunAsync(_interrupt);
            await generator.DrainAsync(DrainTimeout, _stop);
        }
        finally
        {
            // On every path, set-up failures included: sockets that did open get a Close frame.
            await CloseSocketsAsync();
        }

        var report = LoadReport.Create(_options, _metrics, measured);
        report.WriteText(Console.Out);
        var exitCode = report.Completed > 0 ? 0 : 1;
        if (exitCode != 0)
        {
            Fail("no call set-up completed");
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
            Fail($"cannot reach the Ringwire server at {_options.Url}: {e.Message}");
        }
        catch (LoadAbortedException e)
        {
            Fail($"set-up failed: {e.Message}");
        }
        catch (OperationCanceledException) when (_interrupt.IsCancellationRequested)
        {
            Fail("interrupted during set-up");
        }
        catch (OperationCanceledException)
        {
            Fail($"set-up did not finish within {SetUpTimeout.TotalSeconds:0} s (a request took over 10 s or the server is overloaded)");
        }

        return null;
    }

    private async Task<bool> TryWriteJsonAsync(LoadReport report, string path)
    {
        try
        {
            await report.WriteJsonAsync(path, CancellationToken.None);
            Console.WriteLine($"JSON report written to {path}");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail($"could not write the JSON report to {path}: {e.Message}");
            return false;
        }
    }

    private Task CloseSocketsAsync() => Task.WhenAll(_callees.Select(callee => callee.CloseAsync()));

    private static void Fail(string message) => Console.Error.WriteLine($"ringwire-load: {message}");
}
