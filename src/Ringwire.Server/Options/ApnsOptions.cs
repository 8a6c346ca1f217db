using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ringwire.Push.Apns;

namespace Ringwire.Server.Options;

/// <summary>
/// <c>Ringwire:Apns</c> (contract §1). With no key configured the server pushes to its built-in APNs simulator.
/// </summary>
public sealed class ApnsOptions
{
    public string? KeyId { get; set; }
    public string? TeamId { get; set; }
    public string? PrivateKeyPath { get; set; }
    public string? PrivateKey { get; set; }
    public string? BundleId { get; set; }
    public string? Endpoint { get; set; }
    public string? CaCertificatePath { get; set; }
    public long Expiration { get; set; }

    /// <summary>True when any part of an Apple key is given; then all of it must be.</summary>
    public bool HasKey => !(string.IsNullOrEmpty(KeyId) && string.IsNullOrEmpty(TeamId)
        && string.IsNullOrEmpty(PrivateKeyPath) && string.IsNullOrEmpty(PrivateKey));

    /// <summary>Every mistake in this section, in plain words.</summary>
    public IEnumerable<string> Mistakes()
    {
        if (HasKey)
        {
            // A3: the key id and the team id are 10-character strings from the developer account.
            if (!IsAppleId(KeyId))
            {
                yield return $"Ringwire:Apns:KeyId '{KeyId}' is not a 10-character key id (the XXXXXXXXXX of AuthKey_XXXXXXXXXX.p8).";
            }

            if (!IsAppleId(TeamId))
            {
                yield return $"Ringwire:Apns:TeamId '{TeamId}' is not a 10-character team id (shown under Membership in the developer account).";
            }

            if (string.IsNullOrEmpty(PrivateKeyPath) == string.IsNullOrEmpty(PrivateKey))
            {
                yield return "Set exactly one of Ringwire:Apns:PrivateKeyPath (the .p8 file) and Ringwire:Apns:PrivateKey (its text).";
            }
            else if (KeyError() is { } keyError)
            {
                yield return keyError;
            }

            if (string.IsNullOrWhiteSpace(BundleId))
            {
                yield return "Ringwire:Apns:BundleId is missing: the app's bundle id (the VoIP topic is <BundleId>.voip).";
            }
        }
        else if (!string.IsNullOrEmpty(Endpoint))
        {
            yield return "Ringwire:Apns:Endpoint is set but no key is: set KeyId, TeamId and PrivateKeyPath too.";
        }

        if (!string.IsNullOrEmpty(Endpoint) && !(Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && uri.Scheme == "https"))
        {
            yield return $"Ringwire:Apns:Endpoint '{Endpoint}' is not an absolute https URL (APNs is HTTP/2 over TLS).";
        }

        if (!string.IsNullOrEmpty(CaCertificatePath) && CertificateError() is { } certificateError)
        {
            yield return certificateError;
        }

        if (Expiration < 0)
        {
            yield return "Ringwire:Apns:Expiration must be 0 (try once, do not store) or a Unix time in seconds.";
        }
    }

    /// <summary>The sender's settings; call only when <see cref="HasKey"/> and <see cref="Mistakes"/> is empty.</summary>
    public ApnsSettings ToSettings() => new()
    {
        KeyId = KeyId!,
        TeamId = TeamId!,
        SigningKey = ApnsPrivateKey.FromPem(PrivateKey ?? File.ReadAllText(PrivateKeyPath!)),
        BundleId = BundleId,
        Endpoint = string.IsNullOrEmpty(Endpoint) ? null : new Uri(Endpoint),
        CertificateAuthority = string.IsNullOrEmpty(CaCertificatePath) ? null : X509Certificate2.CreateFromPem(File.ReadAllText(CaCertificatePath)),
        Expiration = Expiration,
    };

    private static bool IsAppleId(string? value) => value is { Length: 10 } && value.All(char.IsAsciiLetterOrDigit);

    private string? KeyError()
    {
        if (PrivateKey is null && !File.Exists(PrivateKeyPath))
        {
            return $"Ringwire:Apns:PrivateKeyPath '{PrivateKeyPath}' cannot be read: there is no such file (the AuthKey_XXXXXXXXXX.p8 from the developer account).";
        }

        string pem;
        try
        {
            pem = PrivateKey ?? File.ReadAllText(PrivateKeyPath!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"Ringwire:Apns:PrivateKeyPath '{PrivateKeyPath}' cannot be read: {e.Message}";
        }

        try
        {
            using var key = ApnsPrivateKey.FromPem(pem);
            return null;
        }
        catch (FormatException e)
        {
            return $"Ringwire:Apns:{(PrivateKey is null ? "PrivateKeyPath" : "PrivateKey")}: {e.Message}";
        }
    }

    private string? CertificateError()
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(CaCertificatePath!));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return $"Ringwire:Apns:CaCertificatePath '{CaCertificatePath}' is not a readable PEM certificate: {e.Message}";
        }
    }
}
