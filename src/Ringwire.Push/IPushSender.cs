namespace Ringwire.Push;

/// <summary>The one way pushes leave Ringwire. Implementations return outcomes and never throw for a service's answer.</summary>
public interface IPushSender
{
    ValueTask<PushOutcome> SendAsync(PushMessage message, CancellationToken cancellationToken);
}
