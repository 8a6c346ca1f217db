using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Ringwire.Lab.Tests;

/// <summary>HttpClients that trust the simulator's CA and nothing else, as the server's APNs client will.</summary>
internal static class LabHttp
{
    public static HttpClient Client(X509Certificate2 authority, Version? version = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,

            // apns-collapse-id is measured in UTF-8 bytes (A1), so the tests send it as UTF-8.
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusts(authority, certificate, errors) },
        };
        return new HttpClient(handler)
        {
            DefaultRequestVersion = version ?? HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TestTimeout.Default,
        };
    }

    public static bool Trusts(X509Certificate2 authority, X509Certificate? certificate, SslPolicyErrors errors)
    {
        // A name mismatch is never forgiven; only the chain is judged again, against our own root.
        if (certificate is not X509Certificate2 presented || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented);
    }
}
