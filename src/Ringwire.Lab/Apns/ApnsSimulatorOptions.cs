using System.Net;
using Ringwire.Core;

namespace Ringwire.Lab.Apns;

/// <summary>Where an <see cref="ApnsSimulator"/> listens and how it behaves. Read once, at start.</summary>
public sealed class ApnsSimulatorOptions
{
    public IPAddress Address { get; set; } = IPAddress.Loopback;

    /// <summary>0 picks a free port; <see cref="ApnsSimulator.Endpoint"/> tells which.</summary>
    public int Port { get; set; }

    /// <summary>The APNs host impersonated: tokens of the other environment are BadDeviceToken, and only Sandbox answers carry apns-unique-id.</summary>
    public ApnsEnvironment Environment { get; set; } = ApnsEnvironment.Sandbox;

    /// <summary>
    /// Development mode: a well-formed token never added is answered 200 (delivered to nobody) instead of 400 BadDeviceToken,
    /// and any topic of a known team is allowed.
    /// </summary>
    public bool AcceptUnknownDevices { get; set; }

    /// <summary>
    /// How long after a device went offline APNs still believes its connection alive: an apns-expiration 0 push sent in
    /// that window is held and delivered late when the device comes back, instead of dropped (Apple forum thread 795610).
    /// </summary>
    public TimeSpan StaleConnectionWindow { get; set; }

    /// <summary>SETTINGS_MAX_CONCURRENT_STREAMS sent to clients (APNs was seen at 500, 1000 and 1500).</summary>
    public int MaxConcurrentStreams { get; set; } = 1000;

    /// <summary>
    /// The clock for provider-token ages, expirations, the stale window and recorded times. Certificate validity and
    /// added latency use real time: TLS peers and networks do not follow a test's clock.
    /// </summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Seeds the fault dice and the latency jitter, for repeatable runs; null = random.</summary>
    public int? Seed { get; set; }
}
