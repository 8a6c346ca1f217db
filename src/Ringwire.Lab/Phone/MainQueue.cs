using System.Threading.Channels;

namespace Ringwire.Lab.Phone;

/// <summary>
/// The app's main queue: one consumer runs every app callback (PushKit delegate, CallKit completions and delegate calls)
/// one after another, in the order they were posted (DTS recommends the main thread for PushKit and CallKit, 797563).
/// Posting never runs anything inline, so the phone may post while holding its lock.
/// </summary>
internal sealed class MainQueue : IAsyncDisposable
{
    private readonly Channel<Action> _work = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public MainQueue()
    {
        _loop = Task.Run(RunAsync);
    }

    public void Post(Action work) => _work.Writer.TryWrite(work);

    /// <summary>Posts <paramref name="work"/> and completes when it has run.</summary>
    public Task RunAsync(Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_work.Writer.TryWrite(() =>
        {
            try
            {
                work();
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        }))
        {
            done.TrySetException(new ObjectDisposedException(nameof(VirtualIPhone)));
        }

        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync())
        {
            // Every item guards its own app code (an app exception is a crash of that app, not of the phone).
            work();
        }
    }
}
