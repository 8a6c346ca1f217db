namespace Ringwire.Lab.Apns;

/// <summary>What the simulator answers a request: a status, and for errors Apple's reason (and, for 410, the timestamp in ms).</summary>
internal readonly record struct ApnsAnswer(int Status, string? Reason, long? Timestamp = null)
{
    public static ApnsAnswer Accepted { get; } = new(200, null);

    public bool IsAccepted => Status == 200;

    public static ApnsAnswer BadRequest(string reason) => new(400, reason);

    public static ApnsAnswer Forbidden(string reason) => new(403, reason);
}
