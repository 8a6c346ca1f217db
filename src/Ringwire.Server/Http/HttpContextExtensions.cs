using Ringwire.Server.Auth;

namespace Ringwire.Server.Http;

internal static class HttpContextExtensions
{
    /// <summary>The credential <see cref="CredentialFilter"/> accepted for this request.</summary>
    public static Credential Credential(this HttpContext context) =>
        context.Features.Get<Credential>() ?? throw new InvalidOperationException("The endpoint has no CredentialFilter.");
}
