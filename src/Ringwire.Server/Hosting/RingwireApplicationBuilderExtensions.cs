using Ringwire.Server.Http;
using Ringwire.Server.Json;

#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

public static class RingwireApplicationBuilderExtensions
{
    /// <summary>
    /// The middleware Ringwire's endpoints rely on: problem+json for bare error statuses, WebSockets and rate
    /// limiting. Call before <c>MapRingwire()</c>.
    /// </summary>
    public static IApplicationBuilder UseRingwire(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(error => error.Run(WriteBareStatusAsync));
        app.UseStatusCodePages(context => WriteBareStatusAsync(context.HttpContext));
        app.UseWebSockets();
        app.UseRateLimiter();
        return app;
    }

    private static Task WriteBareStatusAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        return Results.Json(Problems.ForStatus(status), RestJson.Default.ProblemDocument, Problems.ContentType, status).ExecuteAsync(context);
    }
}
