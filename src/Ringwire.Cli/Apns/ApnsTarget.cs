using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ringwire.Core;
using Ringwire.Push.Apns;

namespace Ringwire.Cli.Apns;

/// <summary>Checked credentials, ready to push with: the key loaded, the environment and endpoint decided.</summary>
internal sealed class ApnsTarget(
    string keyId, string teamId, string bundleId, ApnsEnvironment environment, ECDsa key, Uri? endpoint, X509Certificate2? authority) : IDisposable
{
    public string BundleId => bundleId;

    public ApnsEnvironment Environment => environment;

    public string EnvironmentName => environment == ApnsEnvironment.Sandbox ? "sandbox" : "production";

    public Uri Host => Settings.EndpointFor(environment);

    /// <summary>Push's own settings, as the server would use them; one connection is all a single push needs.</summary>
    private ApnsSettings Settings => new()
    {
        KeyId = keyId,
        TeamId = teamId,
        SigningKey = key,
        BundleId = bundleId,
        Endpoint = endpoint,
        CertificateAuthority = authority,
        Connections = 1,
    };

    public ApnsSender NewSender() => new(Settings, TimeProvider.System);

    public void Dispose()
    {
        key.Dispose();
        authority?.Dispose();
    }
}
