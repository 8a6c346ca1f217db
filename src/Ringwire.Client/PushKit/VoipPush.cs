namespace Ringwire.Client.PushKit;

/// <summary>
/// A VoIP push as PushKit hands it over: the APNs payload (UTF-8 JSON) and, on iOS 26.4+ only,
/// <c>PKVoIPPushMetadata.mustReport</c>; null on older systems, where every push must be reported.
/// </summary>
public sealed record VoipPush(ReadOnlyMemory<byte> Payload, bool? MustReport);
