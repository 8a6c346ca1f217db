using Microsoft.Extensions.Options;
using Ringwire.Core;
using Ringwire.Server.Http;
using Ringwire.Server.Json;
using Ringwire.Server.OpenApi;
using Ringwire.Server.Options;
using Ringwire.Storage;

namespace Ringwire.Server.Endpoints;

internal static class DeviceEndpoints
{
    public const int MaxNameLength = 64;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/devices").RequireCredential(CredentialPolicy.User).WithTags("Devices");
        group.MapPut("/{deviceId}", RegisterAsync)
            .WithName("RegisterDevice").WithSummary("Register or update one of the user's devices and its push tokens")
            .WithJsonBody<DeviceRequest>()
            .Produces<DeviceView>().ProducesProblems(400, 413);
        group.MapGet("", ListAsync)
            .WithName("ListDevices").WithSummary("List the user's devices, each with its push health")
            .Produces<DeviceList>();
        group.MapDelete("/{deviceId}", DeleteAsync)
            .WithName("DeleteDevice").WithSummary("Remove one of the user's devices")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(404);
    }

    private static async Task<IResult> RegisterAsync(string deviceId, HttpContext context, IDeviceStore devices,
        ICallStore calls, IOptions<RingwireOptions> options, TimeProvider time)
    {
        var (body, error) = await JsonBody.ReadAsync(context.Request, RestJson.Default.DeviceRequest);
        if (error is not null)
        {
            return error;
        }

        var errors = Validate(deviceId, body!);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var userId = context.Credential().UserId!;
        var now = time.GetUtcNow();
        var registration = await devices.UpsertAsync(new Device
        {
            UserId = userId,
            DeviceId = deviceId,
            Platform = body!.Platform!.Value,
            VoipToken = body.Platform == Platform.Ios ? Normalize(body.VoipToken) : null,
            AlertToken = body.Platform == Platform.Ios ? Normalize(body.AlertToken) : null,
            FcmToken = body.Platform == Platform.Android ? body.FcmToken : null,
            ApnsEnvironment = body.ApnsEnvironment ?? ApnsEnvironment.Production,
            BundleId = body.BundleId,
            Name = body.Name,
            RegisteredAt = now,
            UpdatedAt = now,
        }, options.Value.Devices.MaxPerUser, context.RequestAborted);
        var unclaimed = await calls.CountUnclaimedPushesAsync(userId, now - PushHealthView.Window, context.RequestAborted);
        return Results.Json(View(registration.Device, unclaimed), RestJson.Default.DeviceView);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IDeviceStore devices, ICallStore calls, TimeProvider time)
    {
        var userId = context.Credential().UserId!;
        var list = await devices.ListAsync(userId, context.RequestAborted);
        var unclaimed = await calls.CountUnclaimedPushesAsync(userId, time.GetUtcNow() - PushHealthView.Window, context.RequestAborted);
        return Results.Json(new DeviceList([.. list.Select(d => View(d, unclaimed))]), RestJson.Default.DeviceList);
    }

    private static async Task<IResult> DeleteAsync(string deviceId, HttpContext context, IDeviceStore devices) =>
        Identifier.IsValid(deviceId) && await devices.DeleteAsync(context.Credential().UserId!, deviceId, context.RequestAborted)
            ? Results.NoContent()
            : Problems.NotFound("No such device.");

    private static DeviceView View(Device device, IReadOnlyDictionary<string, int> unclaimed) =>
        DeviceView.Of(device, PushHealthView.Of(device, unclaimed.GetValueOrDefault(device.DeviceId)));

    private static ValidationErrors Validate(string deviceId, DeviceRequest body)
    {
        var errors = new ValidationErrors();
        errors.RequireIdentifier("deviceId", deviceId);
        if (body.Platform is null)
        {
            errors.Add("platform", "Required: ios, android or web.");
        }

        ApnsToken(errors, "voipToken", body.VoipToken);
        ApnsToken(errors, "alertToken", body.AlertToken);
        if (body.Platform == Platform.Ios && body.VoipToken is null)
        {
            errors.Add("voipToken", "Required for an iOS device: without it the phone cannot be woken for a call.");
        }

        if (body.Platform == Platform.Android && string.IsNullOrWhiteSpace(body.FcmToken))
        {
            errors.Add("fcmToken", "Required for an Android device.");
        }

        errors.MaxLength("fcmToken", body.FcmToken, 4096);
        errors.MaxLength("bundleId", body.BundleId, 155);
        errors.MaxLength("name", body.Name, MaxNameLength);
        return errors;
    }

    // APNs tokens are hex; Apple says not to assume their length, the contract bounds it to 64–200 characters.
    private static void ApnsToken(ValidationErrors errors, string field, string? token)
    {
        if (token is not null && (token.Length is < 64 or > 200 || !token.All(char.IsAsciiHexDigit)))
        {
            errors.Add(field, "Must be 64–200 hexadecimal characters.");
        }
    }

    private static string? Normalize(string? token) => token?.ToLowerInvariant();
}
