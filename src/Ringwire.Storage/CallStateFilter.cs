namespace Ringwire.Storage;

/// <summary>Which calls an operator's list shows (<see cref="ICallStore.ListAsync"/>).</summary>
public enum CallStateFilter
{
    /// <summary>Ringing or answered: the calls still going on.</summary>
    Live,
    Ringing,
    Answered,
    /// <summary>Any terminal state (cancelled, declined, missed, unreachable, ended).</summary>
    Ended,
    All,
}
