using Ringwire.Core;

namespace Ringwire.Server.Json;

/// <summary>The call object of contract §5, as REST bodies and device-channel messages carry it.</summary>
public sealed record CallView(
    Guid CallId,
    string From,
    string To,
    string? CallerName,
    string CallerHandle,
    HandleType HandleType,
    bool Video,
    CallState State,
    int Version,
    EndReason? EndReason,
    string? AnsweredBy,
    string? EndedBy,
    string? EndedByDevice,
    DateTimeOffset CreatedAt,
    DateTimeOffset RingUntil,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    IReadOnlyList<LegView> Legs,
    RawJson Metadata)
{
    public static CallView Of(Call call) => new(
        call.CallId, call.From, call.To, call.CallerName, call.CallerHandle, call.HandleType, call.Video, call.State,
        call.Version, call.EndReason, call.AnsweredBy, call.EndedBy, call.EndedByDevice, call.CreatedAt, call.RingUntil,
        call.AnsweredAt, call.EndedAt, call.Legs.Select(LegView.Of).ToArray(), new RawJson(call.Metadata));
}
