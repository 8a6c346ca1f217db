using Ringwire.Core;
using Ringwire.Server.Json;

namespace Ringwire.Server.Http;

/// <summary>Every error the API returns: <c>application/problem+json</c> with the contract's <c>code</c> (contract §3).</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static IResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        Create(400, "invalid_request", "The request is not valid.", "See errors for each field.", errors);

    public static IResult Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Invalid(ValidationErrors errors) => Invalid(errors.ToDictionary());

    public static IResult Unauthorized() =>
        Create(401, "unauthorized", "Credentials are missing or invalid.", "Send X-Api-Key or Authorization: Bearer <user token>.");

    public static IResult Forbidden(string detail) => Create(403, "forbidden", "Not allowed.", detail);

    public static IResult NotFound(string detail = "No such resource.") => Create(404, "not_found", "Not found.", detail);

    public static IResult CallEnded(string detail = "The call is in a terminal state.") => Create(409, "call_ended", "The call has ended.", detail);

    public static IResult AnsweredElsewhere() =>
        Create(409, "answered_elsewhere", "Answered elsewhere.", "Another device of the callee answered first.");

    public static IResult PayloadTooLarge() =>
        Create(413, "payload_too_large", "Request body too large.", "Request bodies may be at most 64 KiB.");

    public static IResult RateLimited() => Create(429, "rate_limited", "Too many requests.", "Slow down; see Retry-After.");

    /// <summary>The problem for a bare status code (unknown route, wrong method, …).</summary>
    public static ProblemDocument ForStatus(int status) => status switch
    {
        401 => Document(401, "unauthorized", "Credentials are missing or invalid."),
        403 => Document(403, "forbidden", "Not allowed."),
        404 => Document(404, "not_found", "Not found."),
        405 => Document(405, "invalid_request", "Method not allowed."),
        413 => Document(413, "payload_too_large", "Request body too large."),
        429 => Document(429, "rate_limited", "Too many requests."),
        >= 500 => Document(status, "internal_error", "The server failed."),
        _ => Document(status, "invalid_request", "The request is not valid."),
    };

    public static IResult For(TransitionOutcome outcome) => outcome switch
    {
        TransitionOutcome.CallEnded => CallEnded(),
        TransitionOutcome.AnsweredElsewhere => AnsweredElsewhere(),
        TransitionOutcome.Forbidden => Forbidden("Only the callee may answer or decline, and only from one of their own registered devices."),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not an error."),
    };

    private static ProblemDocument Document(int status, string code, string title, string? detail = null,
        IReadOnlyDictionary<string, string[]>? errors = null) =>
        new($"https://ringwire.dev/problems/{code}", title, status, code, detail, errors);

    public static IResult Create(int status, string code, string title, string? detail,
        IReadOnlyDictionary<string, string[]>? errors = null) =>
        Results.Json(Document(status, code, title, detail, errors), RestJson.Default.ProblemDocument, ContentType, status);
}
