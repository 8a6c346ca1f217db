using Ringwire.Client;
using Ringwire.Lab.Phone;

namespace Ringwire.Lab.Scenarios;

/// <summary>How a <see cref="LabPhone"/> starts: its iOS, its app's state and policy, and its network.</summary>
public sealed record LabPhoneOptions
{
    public IosVersion Version { get; init; } = IosVersion.From26_4;

    /// <summary>Whether the app is open on screen (then it also runs and is connected).</summary>
    public bool Foreground { get; init; }

    /// <summary>
    /// Whether the app keeps running after it registered. False (the default) is the hard case every VoIP app meets:
    /// the app is not running when the push comes, so PushKit launches it and it must connect from nothing.
    /// </summary>
    public bool AppRunning { get; init; }

    public CallWaiting CallWaiting { get; init; } = CallWaiting.Ring;

    /// <summary>One-way latency of the phone's network path to the server.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Whether the device registers an alert token for missed-call alerts.</summary>
    public bool AlertToken { get; init; }

    /// <summary>A deliberately broken app whose push handler never reports a call (scenario S16).</summary>
    public bool BrokenApp { get; init; }

    /// <summary>Strikes are what this phone's scenario is about; the run's zero-strike check skips it.</summary>
    public bool StrikesExpected { get; init; }
}
