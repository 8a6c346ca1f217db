using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Ringwire.Lab;

/// <summary>Apple's .p8 key files: a PKCS#8 P-256 private key in PEM, named AuthKey_&lt;KEYID&gt;.p8.</summary>
public static partial class AuthKeyFile
{
    /// <summary>The key in a .p8 file, or in a public key PEM; throws <see cref="InvalidDataException"/> when it is neither.</summary>
    public static ECDsa Load(string path)
    {
        var pem = File.ReadAllText(path);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidDataException($"{path} holds no EC key in PEM ({e.Message})", e);
        }

        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidDataException($"{path} holds a {key.KeySize}-bit EC key; APNs keys are P-256 (ES256).");
        }

        return key;
    }

    /// <summary>A new key, written as <c>AuthKey_&lt;keyId&gt;.p8</c> into <paramref name="folder"/>; never overwrites a file.</summary>
    public static (ECDsa Key, string Path) Generate(string folder, string keyId)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, $"AuthKey_{keyId}.p8"));
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(file);
            writer.Write(key.ExportPkcs8PrivateKeyPem());
            writer.WriteLine();
        }
        catch
        {
            key.Dispose();
            throw;
        }

        return (key, path);
    }

    /// <summary>The key id in a file named like Apple's download (AuthKey_ABC123DEFG.p8), if it is.</summary>
    public static string? KeyIdFromName(string path) =>
        NamePattern().Match(System.IO.Path.GetFileName(path)) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex("^AuthKey_([A-Za-z0-9]+)\\.p8$")]
    private static partial Regex NamePattern();
}
