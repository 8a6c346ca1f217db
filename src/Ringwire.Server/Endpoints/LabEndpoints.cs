using System.Net;
using Ringwire.Client;
using Ringwire.Core;
using Ringwire.Lab.Phone;
using Ringwire.Server.Http;
using Ringwire.Server.OpenApi;
using Ringwire.Server.VirtualPhones;

namespace Ringwire.Server.Endpoints;

/// <summary>
/// Lab mode's virtual iPhones (docs/protocol.md, "Lab mode: virtual iPhones"): switch phones on and off, and tap on them as their users would.
/// Every answer about a call comes from the phone's screen, never from the server's record of the call.
/// </summary>
internal static class LabEndpoints
{
    public const int MaxLatencyMs = 2000;

    private const string TapMeansNothing = "code `call_ended` (the tap means nothing in the call's state on this phone: "
        + "answer or decline when it is not ringing there, end when it is over there)";

    /// <summary>How long the phone's app may take to place a call (its network may be slow) before the tap is given up.</summary>
    private static readonly TimeSpan PlaceCallTimeout = TimeSpan.FromSeconds(30);

    private enum Tap
    {
        Answer,
        Decline,
        End,
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var lab = app.MapGroup("/v1/lab").RequireCredential(CredentialPolicy.Backend).WithTags("Lab");
        lab.MapGet("/", (LabPhones phones) =>
                Results.Json(new LabView(phones.Enabled, phones.Enabled ? phones.BundleId : null, phones.Enabled ? phones.Phones.Count : 0),
                    LabJson.Default.LabView))
            .WithName("GetLab").WithSummary("Whether lab mode is on (no Apple key), the app its virtual iPhones run, and how many there are")
            .Produces<LabView>();

        var on = lab.MapGroup("/phones").AddEndpointFilter(new LabOffFilter())
            .ProducesProblems(StatusCodes.Status404NotFound, "code `not_found` (no such phone, for a tap no such call on its screen; "
                + "or the lab is off: an Apple key is configured)");
        on.MapPost("/", CreateAsync)
            .WithName("CreatePhone").WithSummary("Switch on a virtual iPhone for a user: it registers its device as a real app does")
            .WithDescription("Answers 201 with the phone, and its address in the Location header.")
            .WithJsonBody<PhoneRequest>()
            .Produces<VirtualPhoneView>(StatusCodes.Status201Created).ProducesProblems(400, 413)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable,
                "code `lab_unavailable` (the server listens on no plain-http address the phones could use)");
        on.MapGet("/", (LabPhones phones) =>
                Results.Json(new VirtualPhoneList([.. phones.Phones.Select(VirtualPhoneView.Of)]), LabJson.Default.VirtualPhoneList))
            .WithName("ListPhones").WithSummary("List the virtual iPhones, in the order they were created")
            .Produces<VirtualPhoneList>();
        on.MapGet("/{phoneId}", (string phoneId, LabPhones phones) =>
                phones.Find(phoneId) is { } phone ? Results.Json(VirtualPhoneView.Of(phone), LabJson.Default.VirtualPhoneView) : NoSuchPhone())
            .WithName("GetPhone").WithSummary("Get a virtual iPhone as its own screen and app show it: its calls and timeline")
            .Produces<VirtualPhoneView>();
        on.MapDelete("/{phoneId}", async (string phoneId, LabPhones phones) =>
                await phones.DeleteAsync(phoneId) ? Results.NoContent() : NoSuchPhone())
            .WithName("DeletePhone").WithSummary("Delete a virtual iPhone's device registration (as its app would) and switch it off")
            .Produces(StatusCodes.Status204NoContent);
        on.MapPost("/{phoneId}/calls", CallAsync)
            .WithName("PlacePhoneCall").WithSummary("The phone's user taps \"call\": its app (launched if not running) places the call")
            .WithDescription("When the server refuses the app's POST /v1/calls, its status and code are passed on (400 under `errors.to`).")
            .WithJsonBody<PhoneCallRequest>()
            .Produces<PhoneCallPlaced>(StatusCodes.Status202Accepted).ProducesProblems(400, 413)
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable, "code `lab_unavailable` (the phone's app could not reach the server within 30 s)");
        on.MapPost("/{phoneId}/calls/{callId}/answer", (string phoneId, string callId, LabPhones phones) => TapOn(phones, phoneId, callId, Tap.Answer))
            .WithName("AnswerOnPhone").WithSummary("The phone's user taps answer on a call ringing on its screen")
            .Produces<PhoneTapTaken>(StatusCodes.Status202Accepted).ProducesProblems(StatusCodes.Status409Conflict, TapMeansNothing);
        on.MapPost("/{phoneId}/calls/{callId}/decline", (string phoneId, string callId, LabPhones phones) => TapOn(phones, phoneId, callId, Tap.Decline))
            .WithName("DeclineOnPhone").WithSummary("The phone's user taps decline on a call ringing on its screen")
            .Produces<PhoneTapTaken>(StatusCodes.Status202Accepted).ProducesProblems(StatusCodes.Status409Conflict, TapMeansNothing);
        on.MapPost("/{phoneId}/calls/{callId}/end", (string phoneId, string callId, LabPhones phones) => TapOn(phones, phoneId, callId, Tap.End))
            .WithName("EndOnPhone").WithSummary("The phone's user taps end on a call its screen shows, not yet over")
            .Produces<PhoneTapTaken>(StatusCodes.Status202Accepted).ProducesProblems(StatusCodes.Status409Conflict, TapMeansNothing);
        on.MapPost("/{phoneId}/terminate", TerminateAsync)
            .WithName("TerminatePhoneApp").WithSummary("The phone's user force-quits the app: the next call must wake it with a push")
            .Produces<PhoneTapTaken>(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, LabPhones phones)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, LabJson.Default.PhoneRequest);
        if (error is not null)
        {
            return error;
        }

        var errors = new ValidationErrors();
        errors.RequireIdentifier("userId", body!.UserId);
        if (body.Name is not null && (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > DeviceEndpoints.MaxNameLength))
        {
            errors.Add("name", $"Must be 1–{DeviceEndpoints.MaxNameLength} characters, not only spaces.");
        }

        var latency = body.LatencyMs ?? 0;
        if (latency is < 0 or > MaxLatencyMs)
        {
            errors.Add("latencyMs", $"Must be from 0 to {MaxLatencyMs} (one-way milliseconds).");
        }

        if (phones.Phones.Count >= LabPhones.MaxPhones)
        {
            errors.Add("phones", TooMany);
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var userId = body.UserId!;
        var creation = await phones.CreateAsync(userId, body.Name ?? DefaultName(userId), body.AppRunning ?? false, TimeSpan.FromMilliseconds(latency));
        if (creation.Phone is { } phone)
        {
            context.Response.Headers.Location = $"/v1/lab/phones/{Uri.EscapeDataString(phone.DeviceId)}";
            return Results.Json(VirtualPhoneView.Of(phone), LabJson.Default.VirtualPhoneView, statusCode: StatusCodes.Status201Created);
        }

        return creation.Refusal == PhoneRefusal.Full
            ? Problems.Invalid("phones", TooMany)
            : Problems.Create(503, "lab_unavailable", "The lab cannot reach the server.",
                "Virtual iPhones reach the server at one of its own listening addresses, over plain http: listen on an http:// address too.");
    }

    private static async Task<IResult> CallAsync(string phoneId, HttpContext context, LabPhones phones)
    {
        if (phones.Find(phoneId) is not { } phone)
        {
            return NoSuchPhone();
        }

        var (body, error) = await JsonBody.ReadAsync(context.Request, LabJson.Default.PhoneCallRequest);
        if (error is not null)
        {
            return error;
        }

        var errors = new ValidationErrors();
        errors.RequireIdentifier("to", body!.To);
        if (body.To == phone.UserId)
        {
            errors.Add("to", "Calling yourself is not a call.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(PlaceCallTimeout);
        try
        {
            // The user taps "call" in the app: opening it launches it when it was not running.
            var app = await phone.OpenAppAsync();
            var call = await app.PlaceCallAsync(body.To!, new PlaceCallOptions { Video = body.Video ?? false }, timeout.Token);
            return Results.Json(new PhoneCallPlaced(call.CallId), LabJson.Default.PhoneCallPlaced, statusCode: StatusCodes.Status202Accepted);
        }
        catch (RingwireApiException e)
        {
            // The server refused the app's POST /v1/calls: the operator gets the server's own answer.
            return e.Status == HttpStatusCode.BadRequest
                ? Problems.Invalid("to", e.Message)
                : Problems.Create((int)e.Status, e.Code ?? "invalid_request", "The server refused the call.", e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            return Problems.Create(503, "lab_unavailable", "The phone could not reach the server.", $"The app's request failed: {e.Message}");
        }
    }

    private static IResult TapOn(LabPhones phones, string phoneId, string callId, Tap tap)
    {
        if (phones.Find(phoneId) is not { } phone)
        {
            return NoSuchPhone();
        }

        if (!Guid.TryParse(callId, out var uuid) || phone.Phone.ScreenCalls().LastOrDefault(c => c.CallUuid == uuid) is not { } call)
        {
            return Problems.NotFound("The phone shows no such call.");
        }

        var taken = (tap, call) switch
        {
            (Tap.Answer, { Incoming: true, State: ScreenCallState.Ringing }) => phone.Phone.AnswerCall(uuid),
            (Tap.Decline, { Incoming: true, State: ScreenCallState.Ringing }) => phone.Phone.DeclineCall(uuid),
            (Tap.End, { State: not ScreenCallState.Ended }) => phone.Phone.EndCall(uuid),
            _ => false,
        };
        return taken
            ? Results.Json(new PhoneTapTaken(), LabJson.Default.PhoneTapTaken, statusCode: StatusCodes.Status202Accepted)
            : Problems.CallEnded(tap switch
            {
                Tap.Answer => "The call is not ringing on this phone: there is nothing to answer.",
                Tap.Decline => "The call is not ringing on this phone: there is nothing to decline.",
                _ => "The call is over on this phone (or already being ended).",
            });
    }

    private static async Task<IResult> TerminateAsync(string phoneId, LabPhones phones)
    {
        if (phones.Find(phoneId) is not { } phone)
        {
            return NoSuchPhone();
        }

        await phone.TerminateAsync();
        return Results.Json(new PhoneTapTaken(), LabJson.Default.PhoneTapTaken, statusCode: StatusCodes.Status202Accepted);
    }

    private static string TooMany => $"The lab holds at most {LabPhones.MaxPhones} phones: delete one first.";

    private static IResult NoSuchPhone() => Problems.NotFound("No such phone.");

    /// <summary><c>&lt;userId&gt;'s iPhone</c>, the user id shortened so that the name fits the device's 64 characters.</summary>
    private static string DefaultName(string userId)
    {
        const string suffix = "'s iPhone";
        var room = DeviceEndpoints.MaxNameLength - suffix.Length;
        return (userId.Length > room ? userId[..room] : userId) + suffix;
    }
}
