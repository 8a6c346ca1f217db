namespace Ringwire.Core;

public enum ActorRole
{
    Caller,
    Callee,
    /// <summary>An app backend holding an API key; it acts for the caller.</summary>
    Backend,
}
