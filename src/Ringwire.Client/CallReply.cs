namespace Ringwire.Client;

/// <summary>The server's answer to <c>claim</c>, <c>answer</c>, <c>decline</c> or <c>end</c>: the call, or an error code.</summary>
public sealed record CallReply
{
    /// <summary>The call after the request; null when <see cref="Error"/> is set.</summary>
    public CallEvent? Call { get; init; }

    /// <summary>Why the server refused; null on success.</summary>
    public ChannelErrorCode? Error { get; init; }

    /// <summary>The server's explanation of <see cref="Error"/>, if it gave one.</summary>
    public string? Detail { get; init; }

    /// <summary>Whether the server carried out the request.</summary>
    public bool Succeeded => Error is null;
}
