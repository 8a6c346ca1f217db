namespace Ringwire.Server.Auth;

/// <summary>The secret user tokens are signed with, and whether it was generated because none was configured.</summary>
public sealed record SigningKey(byte[] Bytes, bool Generated);
