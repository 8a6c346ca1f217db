using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ringwire.Core;

namespace Ringwire.Push.Apns;

/// <summary>What <see cref="ApnsSender"/> needs: the token key, the default app and where APNs is.</summary>
public sealed record ApnsSettings
{
    // A1: the production and development hosts.
    public static readonly Uri ProductionEndpoint = new("https://api.push.apple.com");
    public static readonly Uri SandboxEndpoint = new("https://api.sandbox.push.apple.com");

    /// <summary>The 10-character id of the .p8 key (the JWT's <c>kid</c>).</summary>
    public required string KeyId { get; init; }

    /// <summary>The 10-character team id (the JWT's <c>iss</c>).</summary>
    public required string TeamId { get; init; }

    /// <summary>The P-256 private key of the .p8 file.</summary>
    public required ECDsa SigningKey { get; init; }

    /// <summary>The app's bundle id, for devices that registered none; the VoIP topic is this plus <c>.voip</c>.</summary>
    public string? BundleId { get; init; }

    /// <summary>Replaces both of Apple's hosts (a simulator).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>An extra certificate authority trusted for <see cref="Endpoint"/>.</summary>
    public X509Certificate2? CertificateAuthority { get; init; }

    /// <summary>The <c>apns-expiration</c> of VoIP pushes: 0 asks APNs to try once and not store it (A1).</summary>
    public long Expiration { get; init; }

    /// <summary>How long one provider token is reused: A3 allows a new one no more than every 20 and no less than every 60 minutes.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromMinutes(50);

    /// <summary>HTTP/2 connections pushes are spread over (A1: several "to improve performance"; Pushy's maintainer advises at most two per server).</summary>
    public int Connections { get; init; } = 2;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one push may wait for APNs' answer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public Uri EndpointFor(ApnsEnvironment environment) => Endpoint ?? (environment == ApnsEnvironment.Sandbox ? SandboxEndpoint : ProductionEndpoint);
}
