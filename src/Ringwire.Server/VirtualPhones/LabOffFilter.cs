using Ringwire.Server.Http;

namespace Ringwire.Server.VirtualPhones;

/// <summary>Answers every lab endpoint but <c>GET /v1/lab</c> with 404 while an Apple key is configured.</summary>
internal sealed class LabOffFilter : IEndpointFilter
{
    public const string Detail =
        "The lab is off: an Apple key is configured (Ringwire:Apns), so pushes go to Apple and cannot reach virtual iPhones.";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.RequestServices.GetRequiredService<LabPhones>().Enabled
            ? next(context)
            : ValueTask.FromResult<object?>(Problems.NotFound(Detail));
}
