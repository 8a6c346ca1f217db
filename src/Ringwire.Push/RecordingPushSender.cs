namespace Ringwire.Push;

/// <summary>
/// Keeps the most recent pushes in memory (up to <see cref="Capacity"/>) and answers with <see cref="Respond"/> (delivered by default). For tests and local
/// development only: nothing leaves the process.
/// </summary>
public sealed class RecordingPushSender : IPushSender
{
    /// <summary>How many pushes are kept: a development server runs for days, and must not grow without end.</summary>
    public const int Capacity = 10_000;

    private readonly Lock _lock = new();
    private readonly List<PushMessage> _sent = [];
    private readonly List<(Func<PushMessage, bool> Match, TaskCompletionSource<PushMessage> Done)> _waiters = [];

    /// <summary>Decides each push's outcome; replace it to script failures.</summary>
    public Func<PushMessage, PushOutcome> Respond { get; set; } = static _ => PushOutcome.Delivered;

    public IReadOnlyList<PushMessage> Sent
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    public ValueTask<PushOutcome> SendAsync(PushMessage message, CancellationToken cancellationToken)
    {
        var outcome = Respond(message);
        lock (_lock)
        {
            _sent.Add(message);
            if (_sent.Count > Capacity)
            {
                _sent.RemoveAt(0);
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(message))
                {
                    _waiters[i].Done.TrySetResult(message);
                    _waiters.RemoveAt(i);
                }
            }
        }

        return ValueTask.FromResult(outcome);
    }

    /// <summary>The first push, already sent or still to come, that matches.</summary>
    public Task<PushMessage> WaitForAsync(Func<PushMessage, bool> match, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var sent = _sent.Find(m => match(m));
            if (sent is not null)
            {
                return Task.FromResult(sent);
            }

            var done = new TaskCompletionSource<PushMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }
}
