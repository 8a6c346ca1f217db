namespace Ringwire.Core;

/// <summary>A validated request to ring <see cref="To"/>; see <see cref="CallRequestValidation"/>.</summary>
public sealed record CallRequest
{
    public required string From { get; init; }
    public required string To { get; init; }
    public string? CallerName { get; init; }
    public string? CallerHandle { get; init; }
    public HandleType HandleType { get; init; }
    public bool Video { get; init; }
    public int? RingSeconds { get; init; }
    public string Metadata { get; init; } = "{}";
}
