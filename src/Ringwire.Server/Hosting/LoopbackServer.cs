using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Ringwire.Lab.Scenarios;
using Ringwire.Storage.Sqlite;

namespace Ringwire.Server.Hosting;

/// <summary>
/// The whole server in this process, set up as Program.cs does, on Kestrel at 127.0.0.1 with a free port: what the
/// Lab's scenarios, the CLI's lab command and end-to-end tests run against.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Configuration, as keys of contract §1 (<c>Ringwire:ApiKeys:0</c>, …).</param>
    /// <param name="time">The clock every timer of the server runs on; the system clock when null.</param>
    /// <param name="logging">Where logs go; nowhere when null.</param>
    public static async Task<LoopbackServer> StartAsync(
        IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null, ILoggerProvider? logging = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        if (logging is not null)
        {
            builder.Logging.AddProvider(logging);
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        if (time is not null)
        {
            // Before AddRingwire, whose registrations are TryAdd.
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddRingwire(builder.Configuration);
        var app = builder.Build();
        app.UseRingwire();
        app.MapRingwire();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new LoopbackServer(app);
    }

    /// <summary>A server for a Lab world (<see cref="LabServerStarter"/>): what scenarios run against.</summary>
    public static async Task<LabServer> StartForLabAsync(IReadOnlyDictionary<string, string?> settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var server = await StartAsync(settings, time, cancellationToken: cancellationToken);
        return new LabServer(server.BaseAddress, server);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            var sqlite = _app.Services.GetService<SqliteDatabase>();
            await _app.DisposeAsync();
            // Lets the caller delete the database file at once.
            sqlite?.ClearPool();
        }
    }
}
