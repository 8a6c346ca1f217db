namespace Ringwire.Lab.Apns;

/// <summary>
/// One request the simulator received and what it answered. <paramref name="Status"/> 0 means no answer: the stream was
/// reset. <paramref name="Token"/> is the :path's token segment, null when the path had none.
/// <paramref name="Delivered"/> says whether the push reached a device's inbox by the time of the answer.
/// </summary>
public sealed record ApnsExchange(
    long Sequence,
    string ConnectionId,
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string? Token,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Body,
    int Status,
    string? Reason,
    long? Timestamp,
    Guid ApnsId,
    bool Delivered);
