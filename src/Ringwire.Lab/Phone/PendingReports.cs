namespace Ringwire.Lab.Phone;

/// <summary>
/// The VoIP pushes callservicesd still waits on a call report for (R1/R2), the one the app's PushKit delegate is handling
/// now, and R2's armed checks. Not thread-safe: the daemon holds its lock.
/// </summary>
internal sealed class PendingReports(TimeProvider time, TimeSpan checkDelay)
{
    private readonly List<PushDelivery> _awaitingReport = [];

    // R2 checks armed and not yet run: disposed with the phone.
    private readonly HashSet<PushDelivery> _pendingChecks = [];
    private PushDelivery? _inHandler;

    /// <summary>
    /// A push that must be reported: it waits for a report, and R2's check is armed; <paramref name="check"/> runs when
    /// it fires (under no lock).
    /// </summary>
    public void Await(PushDelivery delivery, Action<PushDelivery> check)
    {
        _awaitingReport.Add(delivery);

        // R2: callservicesd's own check "a few seconds (~7s) after the push is delivered" (DTS 817976). It runs
        // whatever happens meanwhile, so the timeline shows its verdict for every push it checks.
        _pendingChecks.Add(delivery);
        delivery.DaemonCheck = time.CreateTimer(_ => check(delivery), null, checkDelay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>R2's check for <paramref name="delivery"/> ran: nothing more waits on it.</summary>
    public void CheckRan(PushDelivery delivery)
    {
        delivery.DaemonCheck?.Dispose();
        _pendingChecks.Remove(delivery);
        _awaitingReport.Remove(delivery);
    }

    public void EnterHandler(PushDelivery delivery) => _inHandler = delivery;

    public void ExitHandler(PushDelivery delivery)
    {
        if (_inHandler == delivery)
        {
            _inHandler = null;
        }
    }

    /// <summary>A report satisfies the push being handled now, or else the oldest one still waiting (R1/R2).</summary>
    public void MarkReported(AppInstance app)
    {
        var delivery = _inHandler?.App == app ? _inHandler : _awaitingReport.FirstOrDefault(d => d.App == app && !d.Reported);
        if (delivery is null)
        {
            return;
        }

        delivery.Reported = true;
        _awaitingReport.Remove(delivery);
    }

    /// <summary>The app instance is gone: nothing more is awaited from it (its armed checks still run, and pass).</summary>
    public void Forget(AppInstance app)
    {
        if (_inHandler?.App == app)
        {
            _inHandler = null;
        }

        _awaitingReport.RemoveAll(d => d.App == app);
    }

    /// <summary>Stops every armed check (the phone is being disposed).</summary>
    public void Shutdown()
    {
        foreach (var delivery in _pendingChecks)
        {
            delivery.DaemonCheck?.Dispose();
        }

        _pendingChecks.Clear();
        _awaitingReport.Clear();
    }
}
