using Ringwire.Server.Channel;
using Ringwire.Server.Dashboard;
using Ringwire.Server.Endpoints;
using Ringwire.Server.Hosting;
using Ringwire.Server.OpenApi;

#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

public static class RingwireEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the v1 API, the device channel (<c>/v1/connect</c>), <c>/healthz</c>, <c>/readyz</c> and the OpenAPI
    /// document (<c>/openapi/v1.json</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapRingwire(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<RingwireMarker>() is null)
        {
            throw new InvalidOperationException(
                "Ringwire's services are missing: call builder.Services.AddRingwire(builder.Configuration) before MapRingwire().");
        }

        TokenEndpoints.Map(endpoints);
        DeviceEndpoints.Map(endpoints);
        CallEndpoints.Map(endpoints);
        MeEndpoints.Map(endpoints);
        HealthEndpoints.Map(endpoints);
        AdminEndpoints.Map(endpoints);
        DashboardEndpoints.Map(endpoints);
        LabEndpoints.Map(endpoints);
        endpoints.Map("/v1/connect", (HttpContext context, DeviceChannel channel) => channel.HandleAsync(context));
        endpoints.MapOpenApi(RingwireOpenApi.Path);
        return endpoints;
    }
}
