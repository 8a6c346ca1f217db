using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Net.Http.Headers;
using Ringwire.Server.Http;

namespace Ringwire.Server.Dashboard;

/// <summary>
/// Serves the dashboard at <c>/dashboard</c>, <c>/dashboard/</c> and <c>/dashboard/{file}</c>, wherever the host
/// mounted Ringwire: the page's <c>&lt;base href&gt;</c> is set from the request's path, so its assets and its calls to
/// <c>/v1/…</c> resolve under any path base or route group. The files themselves need no credential; the page asks
/// for an API key and sends it with every API call.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>
    /// Only this origin's scripts, styles and API; no inline script or style, no plugins, no framing. The page sets
    /// styles through the CSSOM only, which style-src does not govern.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The base element index.html ships with; replaced per request.</summary>
    private const string ShippedBase = "<base href=\"/dashboard/\">";

    public static void Map(IEndpointRouteBuilder app)
    {
        // Routing matches /dashboard/ here too.
        app.MapGet("/dashboard", ServeIndex).ExcludeFromDescription();
        app.MapGet("/dashboard/{file}", ServeFile).ExcludeFromDescription();
    }

    private static IResult ServeIndex(HttpContext context, DashboardFiles files)
    {
        var index = files.Find(DashboardFiles.Index) ?? throw new InvalidOperationException("The dashboard's index.html is not embedded.");
        // /dashboard, /dashboard/ or /dashboard/index.html, under whatever path base or route group.
        var path = context.Request.PathBase.Add(context.Request.Path).Value ?? "/dashboard";
        path = path.EndsWith("/" + DashboardFiles.Index, StringComparison.Ordinal) ? path[..^DashboardFiles.Index.Length] : path;
        var baseHref = path.EndsWith('/') ? path : path + "/";
        var html = Encoding.UTF8.GetString(index.Content.Span)
            .Replace(ShippedBase, $"<base href=\"{HtmlEncoder.Default.Encode(baseHref)}\">", StringComparison.Ordinal);
        SecurityHeaders(context.Response);
        // The page is tiny and names its assets without versions: always fetched anew, so an upgrade shows at once.
        context.Response.Headers.CacheControl = "no-store";
        return Results.Bytes(Encoding.UTF8.GetBytes(html), index.ContentType);
    }

    private static IResult ServeFile(string file, HttpContext context, DashboardFiles files)
    {
        if (file == DashboardFiles.Index)
        {
            return ServeIndex(context, files);
        }

        if (files.Find(file) is not { } found)
        {
            return Problems.NotFound("No such dashboard file.");
        }

        SecurityHeaders(context.Response);
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = found.ETag;
        if (context.Request.Headers.IfNoneMatch.Any(tag => tag == found.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(found.Content, found.ContentType);
    }

    private static void SecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers[HeaderNames.XFrameOptions] = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
