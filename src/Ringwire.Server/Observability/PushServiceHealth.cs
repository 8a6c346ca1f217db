using Ringwire.Push;

namespace Ringwire.Server.Observability;

/// <summary>
/// Whether the push service accepts our credentials and topics: the last push that was either delivered or refused
/// for our configuration decides. A wrong key or bundle id fails every call silently for the user, so it must show
/// where operators look (<c>/readyz</c>), not only in the log.
/// </summary>
public sealed class PushServiceHealth
{
    private readonly Lock _lock = new();
    private string? _problem;
    private string? _credentials;

    /// <summary>
    /// Null when pushes work (or none was sent yet, with a key that signs); otherwise, in plain words, why our key
    /// cannot sign (<see cref="CredentialsUnusable"/>) or what the service said.
    /// </summary>
    public string? Problem
    {
        get
        {
            lock (_lock)
            {
                return _credentials ?? _problem;
            }
        }
    }

    /// <summary>Our key cannot sign a provider token (found at start-up): no push can work until the configuration changes.</summary>
    public void CredentialsUnusable(string problem)
    {
        lock (_lock)
        {
            _credentials = problem;
        }
    }

    public void Record(PushKind kind, PushOutcome outcome, DateTimeOffset at)
    {
        // Readiness speaks for APNs, the push service we have credentials for. Android pushes cannot be sent until an
        // FCM sender exists: that is a gap of the product, and one Android user must not take every node out of service.
        if (kind is not (PushKind.Voip or PushKind.MissedCallAlert))
        {
            return;
        }

        lock (_lock)
        {
            // Other results (a dead token, a refusal to retry) say nothing about our configuration.
            _problem = outcome.Result switch
            {
                PushResult.Delivered => null,
                PushResult.ConfigurationError => $"{kind} push refused for our configuration at {at:O}: {outcome.Reason}"
                    + (outcome.Status is { } status ? $" ({status})" : "") + ". Check Ringwire:Apns.",
                _ => _problem,
            };
        }
    }
}
