using System.Security.Cryptography;
using System.Text;

namespace Ringwire.Server.Auth;

/// <summary>The configured API keys, compared in constant time so a key cannot be guessed byte by byte.</summary>
public sealed class ApiKeys(IEnumerable<string> keys)
{
    private readonly byte[][] _hashes = [.. keys.Select(Hash)];

    public bool Any => _hashes.Length > 0;

    public bool Accepts(string presented)
    {
        var hash = Hash(presented);
        var match = false;
        foreach (var known in _hashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, known);
        }

        return match;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
