using System.Security.Cryptography;

namespace Ringwire.Lab;

/// <summary>Team and key ids shaped like Apple's: ten upper-case letters and digits.</summary>
internal static class AppleIdentifier
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, 10);
}
