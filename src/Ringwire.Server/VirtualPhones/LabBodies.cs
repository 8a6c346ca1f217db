namespace Ringwire.Server.VirtualPhones;

// Request and response bodies of the lab's endpoints: small records that exist only to be (de)serialized.

/// <summary><c>POST /v1/lab/phones</c>.</summary>
public sealed record PhoneRequest(string? UserId, string? Name, bool? AppRunning, int? LatencyMs);

/// <summary><c>POST /v1/lab/phones/{phoneId}/calls</c>.</summary>
public sealed record PhoneCallRequest(string? To, bool? Video);

/// <summary>The answer to <c>POST /v1/lab/phones/{phoneId}/calls</c>: the call the phone's app placed.</summary>
public sealed record PhoneCallPlaced(Guid CallId);

/// <summary>The answer when the phone took the user's tap: an empty object.</summary>
public sealed record PhoneTapTaken;

/// <summary><c>GET /v1/lab</c>: whether the lab is on, the app its phones run, and how many there are.</summary>
public sealed record LabView(bool Enabled, string? BundleId, int Phones);

public sealed record VirtualPhoneList(IReadOnlyList<VirtualPhoneView> Phones);
