using Ringwire.Server.Json;
using Ringwire.Server.Observability;
using Ringwire.Storage;

namespace Ringwire.Server.Endpoints;

/// <summary>For load balancers and operators: alive, and ready to ring (store reachable, pushes accepted).</summary>
internal static class HealthEndpoints
{
    private const string Ok = "ok";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Json(new HealthView("alive", new Dictionary<string, string>()), RestJson.Default.HealthView))
            .WithTags("Health").WithName("Alive").WithSummary("The process is alive (no credentials)")
            .Produces<HealthView>();
        app.MapGet("/readyz", ReadyAsync)
            .WithTags("Health").WithName("Ready").WithSummary("Ready to ring: the store is reachable and the push service accepts our credentials")
            .Produces<HealthView>().Produces<HealthView>(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> ReadyAsync(HttpContext context, ICallStore calls, PushServiceHealth push)
    {
        string store;
        try
        {
            await calls.GetAsync(Guid.Empty, context.RequestAborted);
            store = Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            store = $"unreachable: {e.Message}";
        }

        var checks = new Dictionary<string, string> { ["store"] = store, ["push"] = push.Problem ?? Ok };
        var ready = checks.Values.All(v => v == Ok);
        return Results.Json(new HealthView(ready ? "ready" : "unready", checks), RestJson.Default.HealthView,
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
