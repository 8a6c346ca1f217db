using Ringwire.Core;

namespace Ringwire.Client;

/// <summary>The optional members of <c>POST /v1/calls</c> (contract §5).</summary>
public sealed record PlaceCallOptions
{
    /// <summary>The name the callee's phone shows (≤ 64 characters).</summary>
    public string? CallerName { get; init; }

    /// <summary>The handle the callee's phone shows; the server defaults it to the caller's user id.</summary>
    public string? CallerHandle { get; init; }

    /// <summary>What kind of handle <see cref="CallerHandle"/> is.</summary>
    public HandleType HandleType { get; init; } = HandleType.Generic;

    /// <summary>Whether the call has video.</summary>
    public bool Video { get; init; }

    /// <summary>How long the call rings; the server's default when null.</summary>
    public int? RingSeconds { get; init; }
}
