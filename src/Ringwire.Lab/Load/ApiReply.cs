namespace Ringwire.Lab.Load;

/// <summary>
/// The outcome of one REST request during the measured phase: a value, not an exception,
/// because error statuses are expected under load and are counted by kind.
/// </summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="Code">The problem+json <c>code</c> member, when the server sent one.</param>
/// <param name="CallId">The call id of a created call.</param>
/// <param name="ReceivedAt">Stopwatch timestamp at which the response was complete.</param>
internal readonly record struct ApiReply(int Status, string? Code, string? CallId, long ReceivedAt)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>Error kind for the report, e.g. "http create 429 rate_limited".</summary>
    public string ErrorKind(string operation) =>
        Code is null ? $"http {operation} {Status}" : $"http {operation} {Status} {Code}";
}
