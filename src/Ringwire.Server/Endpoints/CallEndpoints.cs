using System.Text.Json;
using Ringwire.Core;
using Ringwire.Server.Calls;
using Ringwire.Server.Http;
using Ringwire.Server.Json;
using Ringwire.Storage;

namespace Ringwire.Server.Endpoints;

internal static class CallEndpoints
{
    public const int MaxListLimit = 200;
    public const int MaxIdempotencyKeyLength = 255;

    public static void Map(IEndpointRouteBuilder app)
    {
        var calls = app.MapGroup("/v1/calls");
        var either = calls.MapGroup("").AddEndpointFilter(new CredentialFilter(CredentialPolicy.UserOrBackend));
        either.MapPost("/", PlaceAsync).RequireRateLimiting(RateLimiting.PlaceCallPolicy);
        either.MapGet("/{callId}", GetAsync);
        either.MapPost("/{callId}/end", (string callId, HttpContext c, Switchboard s) => ActAsync(callId, c, s, CallAction.End));
        either.MapGet("/{callId}/events", TraceAsync);

        var user = calls.MapGroup("").AddEndpointFilter(new CredentialFilter(CredentialPolicy.User));
        user.MapGet("/", ListAsync);
        user.MapPost("/{callId}/answer", (string callId, HttpContext c, Switchboard s) => ActAsync(callId, c, s, CallAction.Answer));
        user.MapPost("/{callId}/decline", (string callId, HttpContext c, Switchboard s) => ActAsync(callId, c, s, CallAction.Decline));
    }

    private static async Task<IResult> PlaceAsync(HttpContext context, Switchboard switchboard)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, RestJson.Default.CallCreateRequest);
        if (error is not null)
        {
            return error;
        }

        var credential = context.Credential();
        var errors = new ValidationErrors();
        if (!credential.IsBackend && body!.From is not null && body.From != credential.UserId)
        {
            errors.Add("from", "Only an API key may name the caller; a user token calls as its own user.");
        }

        if (body!.Metadata is { } m && m.ValueKind != JsonValueKind.Object)
        {
            errors.Add("metadata", "Must be a JSON object.");
        }

        string? key = context.Request.Headers["Idempotency-Key"];
        if (key is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            errors.Add("Idempotency-Key", $"Must be 1–{MaxIdempotencyKeyLength} characters.");
        }

        var request = new CallRequest
        {
            From = (credential.IsBackend ? body.From : credential.UserId) ?? "",
            To = body.To ?? "",
            CallerName = body.CallerName,
            CallerHandle = body.CallerHandle,
            HandleType = body.HandleType ?? HandleType.Generic,
            Video = body.Video ?? false,
            RingSeconds = body.RingSeconds,
            Metadata = body.Metadata is { ValueKind: JsonValueKind.Object } metadata ? metadata.GetRawText() : "{}",
        };
        CallRequestValidation.Validate(request, switchboard.Rules, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var creation = await switchboard.PlaceAsync(request, key, context.RequestAborted);
        var view = CallView.Of(creation.Call);
        return creation.Created
            ? Results.Json(view, RestJson.Default.CallView, statusCode: StatusCodes.Status201Created)
            : Results.Json(view, RestJson.Default.CallView);
    }

    private static async Task<IResult> GetAsync(string callId, HttpContext context, Switchboard switchboard) =>
        Guid.TryParse(callId, out var id) && await switchboard.GetForAsync(id, context.Credential(), context.RequestAborted) is { } call
            ? Results.Json(CallView.Of(call), RestJson.Default.CallView)
            : Problems.NotFound("No such call.");

    private static async Task<IResult> ActAsync(string callId, HttpContext context, Switchboard switchboard, CallAction action)
    {
        if (!Guid.TryParse(callId, out var id))
        {
            return Problems.NotFound("No such call.");
        }

        var (body, error) = await JsonBody.ReadAsync(context.Request, RestJson.Default.DeviceActionRequest, optional: action == CallAction.End);
        if (error is not null)
        {
            return error;
        }

        var credential = context.Credential();
        var deviceId = credential.IsBackend ? null : body?.DeviceId;
        if (action != CallAction.End && deviceId is null)
        {
            return Problems.Invalid("deviceId", "Required: the device that answers or declines.");
        }

        if (deviceId is not null && !Identifier.IsValid(deviceId))
        {
            return Problems.Invalid("deviceId", Identifier.Requirement);
        }

        if (DeclineReason.Apply(action, body?.Reason) is not { } asked)
        {
            return Problems.Invalid("reason", DeclineReason.Requirement);
        }

        var result = await switchboard.ActAsync(id, credential, deviceId, asked, context.RequestAborted);
        if (result.Call is null)
        {
            return Problems.NotFound("No such call.");
        }

        return result.Succeeded
            ? Results.Json(CallView.Of(result.Call), RestJson.Default.CallView)
            : Problems.For(result.Outcome);
    }

    private static async Task<IResult> TraceAsync(string callId, HttpContext context, Switchboard switchboard, ICallStore calls)
    {
        if (!Guid.TryParse(callId, out var id) || await switchboard.GetForAsync(id, context.Credential(), context.RequestAborted) is null)
        {
            return Problems.NotFound("No such call.");
        }

        var trace = await calls.GetTraceAsync(id, context.RequestAborted);
        return Results.Json(new TraceList([.. trace.Select(e => new TraceEventView(e.At, e.Type, e.DeviceId, new RawJson(e.Detail)))]),
            RestJson.Default.TraceList);
    }

    private static async Task<IResult> ListAsync(HttpContext context, ICallStore calls)
    {
        var limit = 50;
        if (context.Request.Query.TryGetValue("limit", out var value) && !(int.TryParse(value, out limit) && limit is >= 1 and <= MaxListLimit))
        {
            return Problems.Invalid("limit", $"Must be a whole number from 1 to {MaxListLimit}.");
        }

        var list = await calls.ListForUserAsync(context.Credential().UserId!, limit, context.RequestAborted);
        return Results.Json(new CallList([.. list.Select(CallView.Of)]), RestJson.Default.CallList);
    }
}
