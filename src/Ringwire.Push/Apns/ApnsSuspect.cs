namespace Ringwire.Push.Apns;

/// <summary>What an APNs answer points at: the thing a person should look at first.</summary>
public enum ApnsSuspect
{
    /// <summary>Nothing: APNs took the push.</summary>
    None,
    /// <summary>The device token, or the environment it belongs to.</summary>
    DeviceToken,
    /// <summary>The key id, team id and key: they do not belong together, or the key may not do this.</summary>
    Credentials,
    /// <summary>The bundle id, i.e. the topic <c>&lt;bundle id&gt;.voip</c>.</summary>
    BundleId,
    /// <summary>This machine's clock, which dates the provider token.</summary>
    Clock,
    /// <summary>The way to APNs: DNS, firewall, proxy, TLS.</summary>
    Network,
    /// <summary>Too much too fast: wait before trying again.</summary>
    Throttling,
    /// <summary>APNs itself: try again later.</summary>
    Apple,
    /// <summary>The request Ringwire built: a bug to report, nothing to configure.</summary>
    Request,
    /// <summary>An answer Ringwire does not know.</summary>
    Unknown,
}
