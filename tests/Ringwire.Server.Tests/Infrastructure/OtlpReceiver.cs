using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ringwire.Server.Tests.Infrastructure;

/// <summary>
/// The smallest OTLP/HTTP metrics receiver: Kestrel on 127.0.0.1 port 0 taking <c>POST /v1/metrics</c>
/// (application/x-protobuf) and keeping each body. Protobuf writes strings as raw UTF-8, so a metric's name or a tag's
/// value can be found in a body without decoding it.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<byte[]> _bodies = [];
    private readonly List<(string[] Texts, TaskCompletionSource<byte[]> Done)> _waiters = [];

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>Where an OTLP exporter sends, e.g. <c>http://127.0.0.1:41234</c> (metrics to its <c>/v1/metrics</c>).</summary>
    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public int Received
    {
        get
        {
            lock (_lock)
            {
                return _bodies.Count;
            }
        }
    }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/metrics", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            receiver.Add(body.ToArray());
            // An empty ExportMetricsServiceResponse: everything accepted.
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync().DefaultTimeout();
        return receiver;
    }

    /// <summary>Whether any body received so far contains <paramref name="text"/>.</summary>
    public bool AnyBodyWith(string text)
    {
        lock (_lock)
        {
            return _bodies.Exists(b => Contains(b, [text]));
        }
    }

    /// <summary>The first body, already received or to come, that contains every one of <paramref name="texts"/> (as UTF-8).</summary>
    public Task<byte[]> WaitForBodyWithAsync(params string[] texts)
    {
        lock (_lock)
        {
            if (_bodies.Find(b => Contains(b, texts)) is { } body)
            {
                return Task.FromResult(body);
            }

            var done = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((texts, done));
            return done.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }

    private static bool Contains(byte[] body, string[] texts) => texts.All(t => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(t)) >= 0);

    private void Add(byte[] body)
    {
        lock (_lock)
        {
            _bodies.Add(body);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (Contains(body, _waiters[i].Texts))
                {
                    _waiters[i].Done.TrySetResult(body);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
