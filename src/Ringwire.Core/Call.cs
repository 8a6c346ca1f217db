using System.Collections.Immutable;

namespace Ringwire.Core;

/// <summary>
/// A call as the store holds it. Immutable: <see cref="CallMachine"/> turns one version into the next, and the
/// store writes it only if nobody else wrote a newer version first.
/// </summary>
public sealed record Call
{
    public required Guid CallId { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public string? CallerName { get; init; }
    public required string CallerHandle { get; init; }
    public HandleType HandleType { get; init; }
    public bool Video { get; init; }
    public CallState State { get; init; }
    public int Version { get; init; } = 1;
    public EndReason? EndReason { get; init; }
    /// <summary>The callee device that answered.</summary>
    public string? AnsweredBy { get; init; }
    /// <summary>The user who ended the call, or null when the server or an app backend did.</summary>
    public string? EndedBy { get; init; }
    /// <summary>The device that ended the call, when one did.</summary>
    public string? EndedByDevice { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset RingUntil { get; init; }
    /// <summary>By then a callee device must have claimed the call or be connected, or it ends unreachable.</summary>
    public required DateTimeOffset ClaimUntil { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public ImmutableArray<Leg> Legs { get; init; } = [];
    /// <summary>The caller's metadata object, as JSON text.</summary>
    public string Metadata { get; init; } = "{}";

    public bool IsParty(string userId) => userId == From || userId == To;

    public bool AnyLegClaimed => Legs.Any(l => l.ClaimedAt is not null);
}
