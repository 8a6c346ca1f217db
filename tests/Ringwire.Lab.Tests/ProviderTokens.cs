using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Ringwire.Lab.Tests;

/// <summary>Mints APNs provider tokens (A3) the way a provider does: ES256 over Base64URL header and claims.</summary>
internal static class ProviderTokens
{
    public static string Mint(ECDsa key, string keyId, string teamId, DateTimeOffset issuedAt) =>
        Sign(key, $$"""{"alg":"ES256","kid":"{{keyId}}"}""", $$"""{"iss":"{{teamId}}","iat":{{issuedAt.ToUnixTimeSeconds()}}}""");

    public static string Sign(ECDsa key, string headerJson, string claimsJson, bool paddedStandardBase64 = false)
    {
        Func<byte[], string> encode = paddedStandardBase64 ? Convert.ToBase64String : bytes => Base64Url.EncodeToString(bytes);
        var signed = encode(Encoding.UTF8.GetBytes(headerJson)) + "." + encode(Encoding.UTF8.GetBytes(claimsJson));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256);
        return signed + "." + encode(signature);
    }
}
