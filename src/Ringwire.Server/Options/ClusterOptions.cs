namespace Ringwire.Server.Options;

/// <summary>
/// <c>Ringwire:Cluster</c>: nodes that share one PostgreSQL database. Ignored on SQLite, where one node is the whole
/// deployment.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>How often every node looks for overdue ringing calls, its own or those of a node that died.</summary>
    public double SweepSeconds { get; set; } = 1;

    /// <summary>
    /// How long past its deadline a call must be before the sweep takes it: until then the timer of the node that placed
    /// it (which is punctual) is expected to end it.
    /// </summary>
    public double SweepGraceSeconds { get; set; } = 1;

    /// <summary>
    /// How long a node's record that a device is connected to it lasts without renewal (renewed every third of this).
    /// After a node dies, its devices count as gone once this has passed.
    /// </summary>
    public double PresenceSeconds { get; set; } = 30;

    /// <summary>The longest wait between two attempts to listen again after the listening connection broke.</summary>
    public double ListenRetryMaxSeconds { get; set; } = 10;
}
