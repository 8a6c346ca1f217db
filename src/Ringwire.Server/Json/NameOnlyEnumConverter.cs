using System.Text.Json.Serialization;

namespace Ringwire.Server.Json;

/// <summary>
/// Reads an enum in a request body by its contract name only. Without it a number (<c>"platform": 7</c>) would bind
/// to an undefined value and fail deep in the store with a 500 instead of a 400 (contract §3).
/// </summary>
internal sealed class NameOnlyEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
