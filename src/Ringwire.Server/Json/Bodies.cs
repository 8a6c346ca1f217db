using System.Text.Json;
using Ringwire.Core;

namespace Ringwire.Server.Json;

// Request and response bodies of the REST API: small records that exist only to be (de)serialized.

public sealed record TokenRequest(string? UserId, int? TtlSeconds);

public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

public sealed record DeviceRequest(
    Platform? Platform,
    string? VoipToken,
    string? AlertToken,
    string? FcmToken,
    ApnsEnvironment? ApnsEnvironment,
    string? BundleId,
    string? Name);

public sealed record DeviceList(IReadOnlyList<DeviceView> Devices);

public sealed record CallCreateRequest(
    string? To,
    string? From,
    string? CallerName,
    string? CallerHandle,
    HandleType? HandleType,
    bool? Video,
    int? RingSeconds,
    JsonElement? Metadata);

public sealed record DeviceActionRequest(string? DeviceId, string? Reason);

public sealed record CallList(IReadOnlyList<CallView> Calls);

public sealed record TraceEventView(DateTimeOffset At, string Type, string? DeviceId, RawJson Detail);

public sealed record TraceList(IReadOnlyList<TraceEventView> Events);

public sealed record DndRequest(DateTimeOffset? Until);

public sealed record DndView(DateTimeOffset? Until);

public sealed record BlockList(IReadOnlyList<string> Blocks);

/// <summary><c>/healthz</c> and <c>/readyz</c>: <c>ready</c> only when every check says <c>ok</c>.</summary>
public sealed record HealthView(string Status, IReadOnlyDictionary<string, string> Checks);

/// <summary>One device in the operator's list (<c>GET /v1/admin/devices</c>): no tokens, its push health and presence.</summary>
public sealed record DeviceStatusView(
    string UserId,
    string DeviceId,
    Platform Platform,
    string? Name,
    PushHealthView PushHealth,
    bool Connected,
    DateTimeOffset? LastSeenAt);

public sealed record DeviceStatusList(IReadOnlyList<DeviceStatusView> Devices);

/// <summary><c>GET /v1/admin/push-outcomes</c>: this node's push answers of the last hour.</summary>
public sealed record PushOutcomesView(
    string Node,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<string> Results,
    IReadOnlyDictionary<string, long> Totals,
    IReadOnlyList<PushOutcomeMinuteView> Minutes);

/// <summary>One minute, from <c>at</c>: how many answers of each result.</summary>
public sealed record PushOutcomeMinuteView(DateTimeOffset At, IReadOnlyDictionary<string, long> Counts);
