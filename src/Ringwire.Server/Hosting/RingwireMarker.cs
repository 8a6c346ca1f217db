namespace Ringwire.Server.Hosting;

/// <summary>Registered by <c>AddRingwire()</c> so that <c>MapRingwire()</c> can tell when it was forgotten.</summary>
internal sealed class RingwireMarker;
