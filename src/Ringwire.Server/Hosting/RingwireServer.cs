using Ringwire.Server.Auth;

namespace Ringwire.Server.Hosting;

/// <summary>
/// The server as a process runs it: <c>dotnet run --project src/Ringwire.Server</c> (Program.cs) and
/// <c>ringwire serve</c> both start here, so both read the same configuration sources (appsettings.json in the
/// working folder, <c>Ringwire__…</c> environment variables, <c>--Ringwire:…=…</c> arguments, <c>--urls</c>).
/// </summary>
public static class RingwireServer
{
    /// <summary>The application, configured from <paramref name="args"/> and the standard sources, not yet started.</summary>
    /// <param name="args">The process's arguments: configuration (<c>--Ringwire:…=…</c>, <c>--urls</c>).</param>
    /// <param name="configure">Called before the services are added, for a host that needs a little more (its logging).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Configuration is read once at start-up. Reloading on change would watch the working folder, where the SQLite
        // file and its WAL change with every write: the watcher's events then cost more CPU than the calls themselves.
        var builder = WebApplication.CreateSlimBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
        configure?.Invoke(builder);
        builder.Services.AddRingwire(builder.Configuration);

        var app = builder.Build();
        app.UseRingwire();
        app.MapRingwire();

        // Without configured keys, Development makes one up when it is first needed: make it at start, so that it is
        // printed where people look for it, next to "Now listening on".
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<ApiKeys>());
        return app;
    }
}
