using Ringwire.Client.CallKit;

namespace Ringwire.Lab.Phone;

/// <summary>
/// How a <see cref="VirtualIPhone"/> starts. The settings a scenario flips while running (foreground, DND, skew, …)
/// are also properties of the phone; the policy figures here are read once.
/// </summary>
public sealed record VirtualIPhoneSettings
{
    /// <summary>The app's bundle id, as callservicesd names it in its log.</summary>
    public string BundleId { get; init; } = "com.example.app";

    public IosVersion Version { get; init; } = IosVersion.From26_4;

    /// <summary>Whether callservicesd sees the app in the foreground (R5: exempt from reporting).</summary>
    public bool Foreground { get; init; }

    /// <summary>The phone's clock minus the true time: what the app sees through <see cref="VirtualIPhone.LocalClock"/>.</summary>
    public TimeSpan ClockSkew { get; init; }

    /// <summary>Do Not Disturb: incoming reports fail with FilteredByDoNotDisturb (3); no VIPs are modelled.</summary>
    public bool DoNotDisturb { get; init; }

    /// <summary>Handles on the user's block list: incoming reports from them fail with FilteredByBlockList (4).</summary>
    public IReadOnlyCollection<CallHandle> BlockedHandles { get; init; } = [];

    /// <summary>
    /// ASSUMPTION (DTS: "the debugger disables this termination logic"; platform rules 1.4 found no Apple text):
    /// with a debugger attached neither R1 nor R2 terminates the app and no strike is counted.
    /// </summary>
    public bool DebuggerAttached { get; init; }

    /// <summary>R4 [UNCONFIRMED]: this many strikes within <see cref="StrikeWindow"/> stop VoIP delivery (DTS figure: ~5).</summary>
    public int StrikeLimit { get; init; } = 5;

    /// <summary>R4 [UNCONFIRMED]: the window strikes are counted in (DTS figure: ~24 hours).</summary>
    public TimeSpan StrikeWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>R4 [UNCONFIRMED]: how long a block lasts before VoIP delivery resumes by itself; null (default) = until reinstall.</summary>
    public TimeSpan? BlockExpiry { get; init; }

    /// <summary>R2: callservicesd's check after delivery ("a few seconds (~7s)", DTS thread 817976).</summary>
    public TimeSpan DaemonCheckDelay { get; init; } = TimeSpan.FromSeconds(7);

    /// <summary>
    /// R7 ASSUMPTION: how long an action may stay unfulfilled before <c>timedOutPerforming</c>; CallKit does not document
    /// it (one report saw about a minute, voximplant/flutter_callkit#12).
    /// </summary>
    public TimeSpan ActionTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// R5 ASSUMPTION: on 26.4+ a push older than this when delivered (now − APNs acceptance) gets mustReport = false;
    /// Apple only says "after an extended period of time due to network conditions" (platform rules 1.6).
    /// </summary>
    public TimeSpan MustReportAgeThreshold { get; init; } = TimeSpan.FromSeconds(30);
}
