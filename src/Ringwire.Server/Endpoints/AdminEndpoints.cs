using Microsoft.OpenApi;
using Ringwire.Core;
using Ringwire.Server.Cluster;
using Ringwire.Server.Http;
using Ringwire.Server.Json;
using Ringwire.Server.Observability;
using Ringwire.Server.OpenApi;
using Ringwire.Storage;

namespace Ringwire.Server.Endpoints;

/// <summary>The operator's read-only view of every user (the dashboard's data): API key only.</summary>
internal static class AdminEndpoints
{
    public const int DefaultCallLimit = 50;
    public const int MaxCallLimit = 200;
    public const int DefaultDeviceLimit = 100;
    public const int MaxDeviceLimit = 500;

    private static readonly Dictionary<string, CallStateFilter> States = new(StringComparer.Ordinal)
    {
        ["live"] = CallStateFilter.Live,
        ["ringing"] = CallStateFilter.Ringing,
        ["answered"] = CallStateFilter.Answered,
        ["ended"] = CallStateFilter.Ended,
        ["all"] = CallStateFilter.All,
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/admin").RequireCredential(CredentialPolicy.Backend).WithTags("Operator");
        admin.MapGet("/calls", ListCallsAsync)
            .WithName("ListAllCalls").WithSummary("List every user's calls, newest first (the operator's view)")
            .WithParameter(ParameterLocation.Query, "state", "live (the default: ringing and answered), ringing, answered, ended (any terminal state) or all.",
                names: [.. States.Keys])
            .WithParameter(ParameterLocation.Query, "limit", $"1–{MaxCallLimit}, default {DefaultCallLimit}.", JsonSchemaType.Integer)
            .Produces<CallList>().ProducesProblems(400);
        admin.MapGet("/devices", ListDevicesAsync)
            .WithName("ListAllDevices").WithSummary("List every user's devices, those at risk first, with push health and presence (no push tokens)")
            .WithParameter(ParameterLocation.Query, "limit", $"1–{MaxDeviceLimit}, default {DefaultDeviceLimit}.", JsonSchemaType.Integer)
            .Produces<DeviceStatusList>().ProducesProblems(400);
        admin.MapGet("/push-outcomes", (PushOutcomeHistory history, NodeId node) =>
                Results.Json(history.Snapshot(node.Value), RestJson.Default.PushOutcomesView))
            .WithName("GetPushOutcomes").WithSummary("This node's push answers over the last hour, per minute and result")
            .Produces<PushOutcomesView>();
    }

    private static async Task<IResult> ListCallsAsync(HttpContext context, ICallStore calls)
    {
        var errors = new ValidationErrors();
        var filter = CallStateFilter.Live;
        if (context.Request.Query.TryGetValue("state", out var state) && !States.TryGetValue(state.ToString(), out filter))
        {
            errors.Add("state", "Must be live, ringing, answered, ended or all.");
        }

        var limit = Limit(context, DefaultCallLimit, MaxCallLimit, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        var list = await calls.ListAsync(filter, limit, context.RequestAborted);
        return Results.Json(new CallList([.. list.Select(CallView.Of)]), RestJson.Default.CallList);
    }

    private static async Task<IResult> ListDevicesAsync(HttpContext context, DeviceRoster roster)
    {
        var errors = new ValidationErrors();
        var limit = Limit(context, DefaultDeviceLimit, MaxDeviceLimit, errors);
        if (!errors.IsEmpty)
        {
            return Problems.Invalid(errors);
        }

        return Results.Json(new DeviceStatusList(await roster.ListAsync(limit, context.RequestAborted)), RestJson.Default.DeviceStatusList);
    }

    private static int Limit(HttpContext context, int defaultLimit, int maxLimit, ValidationErrors errors)
    {
        if (!context.Request.Query.TryGetValue("limit", out var value))
        {
            return defaultLimit;
        }

        if (value.Count == 1 && int.TryParse(value[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit)
            && limit >= 1 && limit <= maxLimit)
        {
            return limit;
        }

        errors.Add("limit", $"Must be a whole number from 1 to {maxLimit}.");
        return defaultLimit;
    }
}
