namespace Ringwire.Lab.Load;

/// <summary>
/// Set-up could not be completed (server unreachable, key refused, device not connected):
/// the run stops with one clear line instead of a stack trace.
/// </summary>
internal sealed class LoadAbortedException : Exception
{
    public LoadAbortedException()
    {
    }

    public LoadAbortedException(string message)
        : base(message)
    {
    }

    public LoadAbortedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
