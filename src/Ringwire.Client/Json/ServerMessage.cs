using Ringwire.Core;

namespace Ringwire.Client.Json;

/// <summary>Anything the server sends on the device channel; which members are set depends on <see cref="Type"/>.</summary>
internal sealed record ServerMessage(
    string? Type,
    string? ReplyTo,
    string? DeviceId,
    long? ServerTime,
    string? Event,
    CallSnapshot? Call,
    DeviceEndReason? EndReason,
    string? Code,
    string? Detail);
