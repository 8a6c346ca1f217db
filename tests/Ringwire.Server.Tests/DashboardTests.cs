using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ringwire.Server.Dashboard;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

/// <summary>The dashboard's files: embedded, served with their content types and a strict CSP, wherever Ringwire is mounted.</summary>
public sealed class DashboardTests
{
    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/index.html")]
    public async Task Index_IsHtmlWithAStrictPolicy_AndItsBaseIsTheDashboard(string path)
    {
        await using var host = await RingwireHost.StartAsync();

        using var response = await host.Client.GetAsync(path).DefaultTimeout();
        var html = await response.Content.ReadAsStringAsync().DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("<base href=\"/dashboard/\">", html, StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"app.js\">", html, StringComparison.Ordinal);
        // No inline script or style: the policy would block them.
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app.js", "text/javascript")]
    [InlineData("api.js", "text/javascript")]
    [InlineData("dashboard.css", "text/css")]
    [InlineData("favicon.svg", "image/svg+xml")]
    public async Task Asset_IsServedWithItsContentTypeAndAnETag(string file, string contentType)
    {
        await using var host = await RingwireHost.StartAsync();

        using var response = await host.Client.GetAsync($"/dashboard/{file}").DefaultTimeout();
        var etag = response.Headers.ETag;
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/dashboard/{file}");
        again.Headers.IfNoneMatch.Add(etag!);
        using var revalidated = await host.Client.SendAsync(again).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync().DefaultTimeout()).Length > 0);
        Assert.NotNull(etag);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task EveryFileOfTheFolder_IsEmbeddedAndServed()
    {
        await using var host = await RingwireHost.StartAsync();
        var folder = Path.Combine(RepositoryRoot(), "src", "Ringwire.Server", "wwwroot", "dashboard");
        var onDisk = Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(onDisk, host.Service<DashboardFiles>().Names.Order(StringComparer.Ordinal));
        foreach (var name in onDisk)
        {
            using var response = await host.Client.GetAsync($"/dashboard/{name}").DefaultTimeout();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("/dashboard/nope.js")]
    [InlineData("/dashboard/..%2Fappsettings.json")]
    [InlineData("/dashboard/app.js/x")]
    public async Task UnknownFile_IsNotFound(string path)
    {
        await using var host = await RingwireHost.StartAsync();

        var response = await host.SendAsync(HttpMethod.Get, path);

        response.ExpectProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Dashboard_InsideAnotherAppUnderAPathBase_PointsItsBaseAndApiThere()
    {
        var directory = Directory.CreateTempSubdirectory("ringwire-dashboard-host-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ringwire:ApiKeys:0"] = RingwireHost.ApiKey,
            ["Ringwire:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "ringwire.db")}",
        });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddRingwire(builder.Configuration);
        await using var app = builder.Build();
        app.UsePathBase("/ops");
        app.UseRingwire();
        app.MapGet("/", () => "the host's own page");
        app.MapRingwire();
        await app.StartAsync().DefaultTimeout();
        try
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var client = new HttpClient { BaseAddress = address, Timeout = TestTimeout.Default };

            var html = await client.GetStringAsync("/ops/dashboard").DefaultTimeout();
            using var api = new HttpRequestMessage(HttpMethod.Get, "/ops/v1/admin/calls");
            api.Headers.Add("X-Api-Key", RingwireHost.ApiKey);
            using var calls = await client.SendAsync(api).DefaultTimeout();

            Assert.Contains("<base href=\"/ops/dashboard/\">", html, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, calls.StatusCode);
            Assert.Equal("text/javascript", (await client.GetAsync("/ops/dashboard/app.js").DefaultTimeout()).Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            await app.StopAsync().DefaultTimeout();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Found from this source file, since the build may put the test's binaries anywhere.</summary>
    private static string RepositoryRoot([CallerFilePath] string source = "")
    {
        for (var dir = new FileInfo(source).Directory; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ringwire.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Ringwire.slnx not found above the test's folder.");
    }
}
