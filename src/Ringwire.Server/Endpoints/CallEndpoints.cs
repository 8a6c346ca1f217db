using System.Text.Json;
using Microsoft.OpenApi;
using Ringwire.Core;
using Ringwire.Server.Calls;
using Ringwire.Server.Http;
using Ringwire.Server.Json;
using Ringwire.Server.OpenApi;
using Ringwire.Storage;

namespace Ringwire.Server.Endpoints;

internal static class CallEndpoints
{
    public const int MaxListLimit = 200;
    public const int MaxIdempotencyKeyLength = 255;

    public static void Map(IEndpointRouteBuilder app)
    {
        var calls = app.MapGroup("/v1/calls").WithTags("Calls");
        var either = calls.MapGroup("").RequireCredential(CredentialPolicy.UserOrBackend);
        either.MapPost("", PlaceAsync).RequireRateLimiting(RateLimiting.PlaceCallPolicy)
            .WithName("PlaceCall").WithSummary("Place a call: ring every device of the callee")
            .WithDescription("With a user token the caller is the token's user; with an API key `from` is required. "
                + "The same Idempotency-Key from the same caller within 24 h returns the first call with 200.")
            .WithParameter(ParameterLocation.Header, "Idempotency-Key", $"Optional, 1–{MaxIdempotencyKeyLength} characters.")
            .WithJsonBody<CallCreateRequest>()
            .Produces<CallView>(StatusCodes.Status201Created).Produces<CallView>()
            .ProducesProblems(400, 403, 413, 429);
        either.MapGet("/{callId}", GetAsync)
            .WithName("GetCall").WithSummary("Get a call (a party or an API key)")
            .Produces<CallView>().ProducesProblems(404);
        either.MapPost("/{callId}/end", (string callId, HttpContext c, Switchboard s) => ActAsync(callId, c, s, CallAction.End))
            .WithName("EndCall").WithSummary("End a call: cancel, decline or hang up, as the asker's role and the call's state say")
            .WithJsonBody<DeviceActionRequest>(optional: true)
            .Produces<CallView>().ProducesProblems(400, 403, 404, 413);
        either.MapGet("/{callId}/events", TraceAsync)
            .WithName("GetCallEvents").WithSummary("Get a call's trace, oldest first")
            .Produces<TraceList>().ProducesProblems(404);

        var user = calls.MapGroup("").RequireCredential(CredentialPolicy.User);
        user.MapGet("", ListAsync)
            .WithName("ListCalls").WithSummary("List the user's recent calls, newest first")
            .WithParameter(ParameterLocation.Query, "limit", $"1–{MaxListLimit}, default 50.", JsonSchemaType.Integer)
            .Produces<CallList>().ProducesProblems(400);
        user.MapPost("/{callId}/answer", (string callId, HttpContext c, Switchboard s) => ActAsync(callId, c, s, CallAction.Answer))
            .WithName("AnswerCall").WithSummary("Answer a call on one of the callee's devices: the first answer wins")
            .WithJsonBody<DeviceActionRequest>()
            .Produces<CallView>().ProducesProblems(400, 404, 409, 413);
        user.MapPost("/{callId}/decline", (string callId, HttpContext c, Switchboard s) => ActAsync(callId, c, s, CallAction.Decline))
            .WithName("DeclineCall").WithSummary("Decline a call for every device of the callee (reason busy: on another call)")
            .WithJsonBody<DeviceActionRequest>()
            .Produces<CallView>().ProducesProblems(400, 404, 409, 413);
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
