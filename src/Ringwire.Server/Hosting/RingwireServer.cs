namespace Ringwire.Server.Hosting;

/// <summary>
/// The server as a process runs it: <c>dotnet run --project src/Ringwire.Server</c> (Program.cs) and
/// <c>ringwire serve</c> both start here, so both read the same configuration sources (appsettings.json in the
/// working folder, <c>Ringwire__…</c> environment variables, <c>--Ringwire:…=…</c> arguments, <c>--urls</c>).
/// </summary>
public static class RingwireServer
{
    /// <summary>The application, configured from <paramref name="args"/> and the standard sources, not yet started.</summary>
    public static WebApplication Build(string[] args)
    {
        // Configuration is read once at start-up. Reloading on change would watch the working folder, where the SQLite
        // file and its WAL change with every write: the watcher's events then cost more CPU than the calls themselves.
        var builder = WebApplication.CreateSlimBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
        builder.Services.AddRingwire(builder.Configuration);

        var app = builder.Build();
        app.UseRingwire();
        app.MapRingwire();
        return app;
    }
}
