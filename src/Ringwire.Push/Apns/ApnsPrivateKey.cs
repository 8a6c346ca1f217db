using System.Security.Cryptography;

namespace Ringwire.Push.Apns;

/// <summary>Reads the key of a .p8 file (PKCS#8 PEM), which must be a P-256 EC key: APNs supports only ES256 (A3).</summary>
public static class ApnsPrivateKey
{
    /// <exception cref="FormatException">The text is not a P-256 private key in PEM.</exception>
    public static ECDsa FromPem(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256)
            {
                throw new FormatException($"The key is a {key.KeySize}-bit EC key; APNs needs a P-256 (ES256) key.");
            }

            // A public key alone imports too, but cannot sign.
            _ = key.ExportParameters(includePrivateParameters: true);
            return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new FormatException("The text is not an EC private key in PEM (a .p8 file starts with '-----BEGIN PRIVATE KEY-----').", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
