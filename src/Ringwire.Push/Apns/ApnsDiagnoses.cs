namespace Ringwire.Push.Apns;

/// <summary>
/// Every answer APNs can give a VoIP push, and every way of getting none, explained for the person who sent it: the
/// one table that <c>ringwire push</c> and <c>ringwire apns-check</c> print from. Apple's statuses and reasons are A2 of
/// shared/reference/apns-protocol.md (Apple, "Handling notification responses from APNs"); tokens and keys are A3.
/// </summary>
public static class ApnsDiagnoses
{
    private const string OurBug = "Ringwire built this request; this is its mistake, not your configuration. Please report it with this output.";

    private static readonly ApnsDiagnosis Accepted = new(ApnsSuspect.None,
        "APNs accepted the push and passes it to the device when the device is reachable (apns-expiration 0: one attempt, not stored).",
        "Nothing to fix on the sending side. If the phone did not ring: is it online, is this the app's current PushKit token, and does the app report every VoIP push to CallKit at once?");

    private static readonly Dictionary<string, ApnsDiagnosis> ByReason = new(StringComparer.Ordinal)
    {
        // 400
        // A2: "Verify … that the token matches the environment".
        ["BadDeviceToken"] = new(ApnsSuspect.DeviceToken,
            "APNs does not know this device token in this environment.",
            "An app run from Xcode has sandbox tokens; TestFlight and App Store builds have production tokens: try the other --environment. Check it is the PushKit VoIP token (not the app's regular push token), copied whole as hex."),
        ["BadTopic"] = new(ApnsSuspect.BundleId,
            "The apns-topic is not valid for a VoIP push.",
            "Give --bundle-id as the app's bundle id (com.example.app) without \".voip\": Ringwire adds it."),
        ["DeviceTokenNotForTopic"] = new(ApnsSuspect.BundleId,
            "The device token belongs to another app than the topic <bundle id>.voip.",
            "Check that --bundle-id is the app that registered this PushKit token."),
        ["TopicDisallowed"] = new(ApnsSuspect.BundleId,
            "The key's team may not push to this bundle id.",
            "Check that --bundle-id is an app of this team with Push Notifications enabled, and that the key, if it is limited to some topics, covers it."),
        ["IdleTimeout"] = new(ApnsSuspect.Apple, "The connection was idle too long.", "Send again."),
        ["BadCollapseId"] = new(ApnsSuspect.Request, "The apns-collapse-id is too long.", OurBug),
        ["BadExpirationDate"] = new(ApnsSuspect.Request, "The apns-expiration is not valid.", OurBug),
        ["BadMessageId"] = new(ApnsSuspect.Request, "The apns-id is not valid.", OurBug),
        ["BadPriority"] = new(ApnsSuspect.Request, "The apns-priority is not valid.", OurBug),
        ["DuplicateHeaders"] = new(ApnsSuspect.Request, "A header was sent twice.", OurBug),
        ["InvalidPushType"] = new(ApnsSuspect.Request, "The apns-push-type is not valid.", OurBug),
        ["MissingDeviceToken"] = new(ApnsSuspect.Request, "The request named no device token.", "Give the device token (--token)."),
        ["MissingTopic"] = new(ApnsSuspect.Request, "The request had no apns-topic.", OurBug),
        ["PayloadEmpty"] = new(ApnsSuspect.Request, "The push had no body.", OurBug),

        // 403
        ["InvalidProviderToken"] = new(ApnsSuspect.Credentials,
            "APNs could not verify the provider token: the key id, the team id and the key file do not belong together, or the key was revoked.",
            "The key id is the 10 characters in the key's file name (AuthKey_<KEYID>.p8); the team id is that of the team that made the key (Membership details); the .p8 must be that key's own file, and the key still active."),
        // A3: a token whose iat is over an hour old is refused.
        ["ExpiredProviderToken"] = new(ApnsSuspect.Clock,
            "APNs found the provider token issued over an hour ago, though it was just made and a fresh one was tried once more.",
            "This machine's clock is wrong: set it right (turn on NTP time sync) and send again."),
        ["Forbidden"] = new(ApnsSuspect.Credentials,
            "APNs does not allow this action for this key.",
            "Check in the developer account that the key is active, has Apple Push Notifications service enabled, and that the team's membership is current."),
        ["MissingProviderToken"] = new(ApnsSuspect.Request, "The request had no provider token.", OurBug),
        ["UnrelatedKeyIdInToken"] = new(ApnsSuspect.Credentials,
            "A different key was used than on this connection's first push.",
            "Send with one key per connection: restart the sender."),
        // A3: since February 2025, team-scoped keys are restricted to Sandbox or Production.
        ["BadEnvironmentKeyIdInToken"] = new(ApnsSuspect.Credentials,
            "The key is limited to the other environment (keys made since 2025 may be for Sandbox or Production only).",
            "Use a key made for this environment, or the other --environment."),
        ["BadCertificate"] = new(ApnsSuspect.Request, "A client certificate was refused; Ringwire authenticates with tokens, not certificates.", OurBug),
        ["BadCertificateEnvironment"] = new(ApnsSuspect.Request, "A client certificate of the other environment was used; Ringwire authenticates with tokens.", OurBug),

        // 404, 405, 410, 413
        ["BadPath"] = new(ApnsSuspect.Request, "The request path was not /3/device/<token>.", "Check --endpoint: it must be an APNs (or simulator) address, without a path."),
        ["MethodNotAllowed"] = new(ApnsSuspect.Request, "The request was not a POST.", OurBug),
        ["Unregistered"] = new(ApnsSuspect.DeviceToken,
            "The device token is no longer active for this app, since the timestamp shown.",
            "The app was deleted, or its token changed: the app must register with PushKit again and send its new token. Stop using this one."),
        ["ExpiredToken"] = new(ApnsSuspect.DeviceToken,
            "The device token has expired.",
            "The app must register with PushKit again and send its new token."),
        ["PayloadTooLarge"] = new(ApnsSuspect.Request, "The body was over APNs' limit (5120 bytes for VoIP).", OurBug),

        // 429
        ["TooManyProviderTokenUpdates"] = new(ApnsSuspect.Throttling,
            "The provider token changed more often than once every 20 minutes on one connection.",
            "Wait 20 minutes. If it persists, something mints a new token per push, or several senders share connections with their own tokens."),
        ["TooManyRequests"] = new(ApnsSuspect.Throttling,
            "Too many pushes to this one device token in a row.",
            "Wait a little before pushing to this device again."),

        // 500, 503
        ["InternalServerError"] = new(ApnsSuspect.Apple, "APNs had an internal error.", "Try again later."),
        ["ServiceUnavailable"] = new(ApnsSuspect.Apple, "APNs is unavailable.", "Try again later."),
        ["Shutdown"] = new(ApnsSuspect.Apple, "The APNs server was shutting down.", "Send again: a new connection goes to another server."),

        // No answer at all: the reasons ApnsSender gives when the transport failed.
        ["ConnectionError"] = new(ApnsSuspect.Network,
            "No connection to APNs could be opened.",
            "Allow outbound TCP to port 443 of api.push.apple.com and api.sandbox.push.apple.com, or use Apple's other port 2197 (--endpoint https://api.push.apple.com:2197). Ringwire connects directly, never through an HTTP proxy."),
        ["NameResolutionError"] = new(ApnsSuspect.Network,
            "The APNs host name could not be resolved.",
            "Check this machine's DNS, or the host in --endpoint."),
        ["SecureConnectionError"] = new(ApnsSuspect.Network,
            "The TLS connection to APNs could not be established: the server's certificate was not trusted, or no TLS version was common.",
            "Something between here and Apple may intercept TLS (a proxy or firewall with its own certificate). With a simulator, give its CA with --ca."),
        ["Timeout"] = new(ApnsSuspect.Network,
            "APNs did not answer in time.",
            "The network is slow or drops the traffic: check the firewall for outbound 443 (or 2197), and try again."),
        ["NoBundleId"] = new(ApnsSuspect.BundleId, "No bundle id was given.", "Give --bundle-id."),
    };

    private static readonly ApnsDiagnosis Cut = new(ApnsSuspect.Network,
        "The connection broke before APNs answered: the push may or may not have arrived.",
        "Try again; if it keeps happening, something on the way cuts HTTP/2 connections.");

    /// <summary>Every reason in the table, Apple's and the transport's.</summary>
    public static IReadOnlyCollection<string> KnownReasons => ByReason.Keys;

    public static ApnsDiagnosis For(PushOutcome outcome)
    {
        if (outcome.Result == PushResult.Delivered)
        {
            return Accepted;
        }

        if (outcome.Reason is { } reason && ByReason.TryGetValue(reason, out var known))
        {
            return known;
        }

        // Older libraries spell this one without "Id" (apns-protocol.md §1.3): both mean the same.
        if (outcome.Reason == "BadEnvironmentKeyInToken")
        {
            return ByReason["BadEnvironmentKeyIdInToken"];
        }

        if (outcome.Status is null)
        {
            return Cut;
        }

        return outcome.Status switch
        {
            >= 500 => new(ApnsSuspect.Apple, $"APNs answered {outcome.Status} ({outcome.Reason ?? "no reason"}): a problem on Apple's side.", "Try again later."),
            _ => new(ApnsSuspect.Unknown, $"APNs answered {outcome.Status} with a reason Ringwire does not know ({outcome.Reason ?? "none"}).",
                "Look it up in Apple's \"Handling notification responses from APNs\"."),
        };
    }
}
