namespace Ringwire.Lab.Apns;

/// <summary>The most recent exchanges, bounded so that a simulator left running for days does not grow without end.</summary>
internal sealed class ExchangeLog(int capacity)
{
    public const int DefaultCapacity = 100_000;

    private readonly Lock _lock = new();
    private readonly Queue<ApnsExchange> _kept = new();
    private readonly List<(Func<ApnsExchange, bool> Match, TaskCompletionSource<ApnsExchange> Done)> _waiters = [];

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public void Record(ApnsExchange exchange)
    {
        lock (_lock)
        {
            _kept.Enqueue(exchange);
            if (_kept.Count > Capacity)
            {
                _kept.Dequeue();
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(exchange))
                {
                    _waiters[i].Done.TrySetResult(exchange);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>In arrival order: answers are recorded when given, and a slow one may be recorded after a later request's.</summary>
    public IReadOnlyList<ApnsExchange> Snapshot()
    {
        ApnsExchange[] kept;
        lock (_lock)
        {
            kept = [.. _kept];
        }

        Array.Sort(kept, static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return kept;
    }

    public Task<ApnsExchange> WaitAsync(Func<ApnsExchange, bool> match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_lock)
        {
            ApnsExchange? first = null;
            foreach (var exchange in _kept)
            {
                if ((first is null || exchange.Sequence < first.Sequence) && match(exchange))
                {
                    first = exchange;
                }
            }

            if (first is not null)
            {
                return Task.FromResult(first);
            }

            var done = new TaskCompletionSource<ApnsExchange>(TaskCreationOptions.RunContinuationsAsynchronously);
            var waiter = (match, done);
            _waiters.Add(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                // A cancelled wait leaves no waiter behind: a long run would otherwise collect them.
                var registration = cancellationToken.Register(() =>
                {
                    lock (_lock)
                    {
                        _waiters.Remove(waiter);
                    }

                    done.TrySetCanceled(cancellationToken);
                });
                _ = done.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            return done.Task;
        }
    }
}
