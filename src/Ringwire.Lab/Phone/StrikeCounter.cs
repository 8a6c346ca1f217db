namespace Ringwire.Lab.Phone;

/// <summary>
/// R4: callservicesd's memory of an app's reporting failures. Strikes ≥ limit within the window stop VoIP delivery
/// ("delivery will stop after ~5 reporting failures within ~24 hours", DTS; numbers [UNCONFIRMED], platform rules 1.3);
/// only a reinstall clears them ("deleting and reinstalling the app will reset the limit", DTS). Whether a block expires
/// with time is [UNCONFIRMED]: off unless <see cref="VirtualIPhoneSettings.BlockExpiry"/> is set. Not thread-safe: the
/// daemon holds its lock.
/// </summary>
internal sealed class StrikeCounter(int limit, TimeSpan window, TimeSpan? blockExpiry)
{
    public const string BlockedLogFormat =
        "Application {0} will not be launched because it failed to report an incoming call too many times (or repeatedly crashed.)";

    private readonly List<DateTimeOffset> _strikes = [];
    private DateTimeOffset? _blockedAt;

    /// <summary>Strikes within the window ending at <paramref name="now"/>.</summary>
    public int InWindow(DateTimeOffset now) => _strikes.Count(t => t > now - window);

    /// <summary>Counts a strike; true when this one blocked the app.</summary>
    public bool Add(DateTimeOffset now)
    {
        _strikes.Add(now);
        if (_blockedAt is null && InWindow(now) >= limit)
        {
            _blockedAt = now;
            return true;
        }

        return false;
    }

    /// <summary>Whether VoIP pushes are refused at <paramref name="now"/>; <paramref name="expired"/> when a block just ran out.</summary>
    public bool IsBlocked(DateTimeOffset now, out bool expired)
    {
        expired = false;
        if (_blockedAt is { } since && blockExpiry is { } expiry && now - since >= expiry)
        {
            _blockedAt = null;
            _strikes.Clear();
            expired = true;
        }

        return _blockedAt is not null;
    }

    /// <summary>A reinstall: a new install id, no history.</summary>
    public void Reset()
    {
        _strikes.Clear();
        _blockedAt = null;
    }
}
