using Ringwire.Lab.Apns;

namespace Ringwire.Lab.Scenarios;

/// <summary>
/// What a <see cref="LabPhone"/> needs from the world it lives in: a clock, the server it registers with and connects to,
/// the APNs simulator that server pushes to (with the app's bundle id there), and user tokens. A <see cref="LabWorld"/>
/// is one (scenarios); the server's lab mode is another (virtual iPhones inside the server).
/// </summary>
public interface IPhoneWorld
{
    /// <summary>The clock of the phones, the server and the simulator.</summary>
    TimeProvider Clock { get; }

    /// <summary>Where the server listens: an http URL on an IP address (the phone's network path relays to it).</summary>
    Uri ServerAddress { get; }

    /// <summary>The APNs the server pushes to: the phone's tokens are added there.</summary>
    ApnsSimulator Apns { get; }

    /// <summary>The app's bundle id; its VoIP topic is <c>&lt;BundleId&gt;.voip</c>.</summary>
    string BundleId { get; }

    /// <summary>For REST requests that carry a user token, with the server as base address.</summary>
    HttpClient Users { get; }

    /// <summary>A user token for <paramref name="userId"/>, as the app backend mints it.</summary>
    Task<string> TokenAsync(string userId, CancellationToken cancellationToken = default);
}
