using System.Net;

namespace Ringwire.Client;

/// <summary>The server refused a REST request; <see cref="Code"/> is the problem document's stable code.</summary>
public sealed class RingwireApiException : Exception
{
    /// <summary>A refusal with the server's status and code.</summary>
    public RingwireApiException(HttpStatusCode status, string? code, string? detail)
        : base($"Ringwire answered {(int)status} {code ?? "(no code)"}: {detail}")
    {
        Status = status;
        Code = code;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The problem's <c>code</c> (<c>invalid_request</c>, <c>forbidden</c>, …), when the body had one.</summary>
    public string? Code { get; }
}
