using System.Security.Cryptography;

namespace Ringwire.Server.Tests.Infrastructure;

/// <summary>Fresh push tokens: APNs tokens are hex, 32 bytes on today's devices.</summary>
public static class RandomHex
{
    public static string Token(int bytes = 32) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
