using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ringwire.Lab.Apns;

/// <summary>
/// A throw-away certificate authority and the server certificate it signed, made in memory at start: clients trust the
/// simulator by trusting this one CA, never the machine's store.
/// </summary>
internal sealed class SimulatorCertificates : IDisposable
{
    private SimulatorCertificates(X509Certificate2 authority, X509Certificate2 server)
    {
        Authority = authority;
        Server = server;
    }

    /// <summary>The CA, public part only.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server certificate with its private key, for Kestrel.</summary>
    public X509Certificate2 Server { get; }

    public static SimulatorCertificates Create(IPAddress listenAddress, DateTimeOffset now)
    {
        var notBefore = now.AddDays(-1);
        var notAfter = now.AddYears(1);

        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=Ringwire Lab APNs CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authority = authorityRequest.CreateSelfSigned(notBefore, notAfter.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        if (!IPAddress.IsLoopback(listenAddress) && !listenAddress.Equals(IPAddress.Any) && !listenAddress.Equals(IPAddress.IPv6Any))
        {
            names.AddIpAddress(listenAddress);
        }

        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        using var signed = serverRequest.Create(authority, notBefore, notAfter, serial);
        using var withKey = signed.CopyWithPrivateKey(serverKey);

        // On Linux, SslStream wants a key it can hand to OpenSSL; a PKCS#12 round trip gives one ("No credentials are available" otherwise).
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        var publicAuthority = X509CertificateLoader.LoadCertificate(authority.RawData);
        return new SimulatorCertificates(publicAuthority, server);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
    }
}
