namespace Ringwire.Server.Http;

/// <summary>Which credentials an endpoint takes.</summary>
public enum CredentialPolicy
{
    User,
    Backend,
    UserOrBackend,
}
