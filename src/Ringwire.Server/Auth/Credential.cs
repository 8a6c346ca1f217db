namespace Ringwire.Server.Auth;

/// <summary>Who is asking: an app backend (API key) or a user (user token).</summary>
public sealed record Credential(string? UserId)
{
    public static Credential Backend { get; } = new((string?)null);

    public bool IsBackend => UserId is null;
}
