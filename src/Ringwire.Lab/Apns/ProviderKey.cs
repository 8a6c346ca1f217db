using System.Security.Cryptography;

namespace Ringwire.Lab.Apns;

/// <summary>The public half of a team's APNs signing key, as Apple holds it.</summary>
internal sealed class ProviderKey : IDisposable
{
    private readonly Lock _lock = new();
    private readonly ECDsa _publicKey;

    public ProviderKey(string keyId, string teamId, ECDsa publicKey)
    {
        KeyId = keyId;
        TeamId = teamId;

        // A private copy: the caller may dispose theirs, and only the public part is needed.
        _publicKey = ECDsa.Create(publicKey.ExportParameters(includePrivateParameters: false));
    }

    public string KeyId { get; }

    public string TeamId { get; }

    /// <summary>ES256: SHA-256 and the 64-byte r||s signature form of JWS.</summary>
    public bool Verifies(ReadOnlySpan<byte> signedPart, ReadOnlySpan<byte> signature)
    {
        // Key objects are not documented as safe for concurrent use.
        lock (_lock)
        {
            return _publicKey.VerifyData(signedPart, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
    }

    public void Dispose() => _publicKey.Dispose();
}
