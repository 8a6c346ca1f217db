using Ringwire.Core;

namespace Ringwire.Client;

/// <summary>The call object of contract §5 as the server last described it (legs and metadata left out).</summary>
public sealed record CallSnapshot
{
    /// <summary>The call's id, also its CallKit UUID.</summary>
    public Guid CallId { get; init; }

    /// <summary>The caller's user id.</summary>
    public string From { get; init; } = "";

    /// <summary>The callee's user id.</summary>
    public string To { get; init; } = "";

    /// <summary>The name the caller asked to show, if any.</summary>
    public string? CallerName { get; init; }

    /// <summary>The handle to show for the caller (defaults to <see cref="From"/> on the server).</summary>
    public string? CallerHandle { get; init; }

    /// <summary>What kind of handle <see cref="CallerHandle"/> is.</summary>
    public HandleType HandleType { get; init; }

    /// <summary>Whether the call has video.</summary>
    public bool Video { get; init; }

    /// <summary>Where the call stands.</summary>
    public CallState State { get; init; }

    /// <summary>Grows by one with every change of the call; older versions are ignored.</summary>
    public int Version { get; init; }

    /// <summary>Why the call reached its terminal state (the server's reason, not the device's CallKit reason).</summary>
    public EndReason? EndReason { get; init; }

    /// <summary>The device that answered, once one did.</summary>
    public string? AnsweredBy { get; init; }

    /// <summary>When the call was placed.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the call stops ringing, on the server's clock.</summary>
    public DateTimeOffset RingUntil { get; init; }
}
