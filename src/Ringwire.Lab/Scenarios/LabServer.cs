namespace Ringwire.Lab.Scenarios;

/// <summary>A running Ringwire server a lab world talks to, and what stops it.</summary>
public sealed record LabServer(Uri BaseAddress, IAsyncDisposable Process);

/// <summary>
/// Starts a Ringwire server with these settings on this clock. The Lab does not reference the server (the server
/// references the Lab for its built-in APNs), so whoever runs scenarios passes the server's own loopback host.
/// </summary>
public delegate Task<LabServer> LabServerStarter(IReadOnlyDictionary<string, string?> settings, TimeProvider time, CancellationToken cancellationToken);
