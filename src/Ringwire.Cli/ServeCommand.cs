using System.CommandLine;
using System.Data.Common;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ringwire.Lab;
using Ringwire.Server.Hosting;

namespace Ringwire.Cli;

/// <summary>
/// <c>serve</c>: the server, started exactly as <c>dotnet run --project src/Ringwire.Server</c> starts it
/// (<see cref="RingwireServer"/>), until Ctrl+C. Every argument it does not know itself is configuration.
/// </summary>
internal sealed class ServeCommand
{
    /// <summary>Where the host logs a failed start, with its stack trace.</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private readonly TextWriter _output;
    private readonly TextWriter _error;

    private readonly Option<string?> _urls = new("--urls")
    {
        Description = "Addresses to listen on, separated by ';', e.g. http://0.0.0.0:8080. Default: $ASPNETCORE_URLS, else http://localhost:5000.",
    };

    private readonly Option<string?> _environment = new("--environment")
    {
        Description = "Hosting environment. Development makes up an API key and prints it when none is configured. Default: $ASPNETCORE_ENVIRONMENT, else Production.",
    };

    public ServeCommand(TextWriter output, TextWriter error)
    {
        _output = output;
        _error = error;
        Command = new Command("serve",
            "Run the Ringwire server until Ctrl+C, configured as `dotnet run --project src/Ringwire.Server` is: appsettings.json in the "
            + "working folder, environment variables (Ringwire__Storage__Provider=postgres) and arguments (--Ringwire:ApiKeys:0=KEY). "
            + "Without an Apple key (Ringwire:Apns) pushes go to a built-in APNs simulator. Keys are listed in docs/operations.md.")
        {
            _urls, _environment,
        };

        // Configuration keys are open-ended: what the command does not know goes to the server's configuration.
        Command.TreatUnmatchedTokensAsErrors = false;
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    public static string Examples => """
        ringwire serve --environment Development --urls http://127.0.0.1:5000
        ringwire serve --urls http://0.0.0.0:8080 --Ringwire:ApiKeys:0="$KEY" --Ringwire:TokenSigningKey="$SECRET"
        Ringwire__Storage__Provider=postgres Ringwire__Storage__ConnectionString="Host=db;Username=ringwire" ringwire serve
        """;

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var configuration = parsed.UnmatchedTokens.ToList();
        if (ConfigurationArgumentProblem(configuration) is { } problem)
        {
            await _error.WriteLineAsync($"error: {problem}");
            return CommandRun.BadOptions;
        }

        List<string> args = [];
        if (parsed.GetValue(_urls) is { } urls)
        {
            args.Add("--urls=" + urls);
        }

        if (parsed.GetValue(_environment) is { } environment)
        {
            args.Add("--environment=" + environment);
        }

        args.AddRange(configuration);
        WebApplication app;
        var started = false;
        try
        {
            // A failed start is reported below in one line; the host's own report of it is a stack trace.
            app = RingwireServer.Build([.. args], builder =>
                builder.Logging.AddFilter(HostCategory, level => Volatile.Read(ref started) && level >= LogLevel.Warning));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            // A configuration value the server cannot even read (a number that is not one, a malformed connection string).
            return await StartFailedAsync(e, CommandRun.BadOptions);
        }

        await using (app)
        {
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (OptionsValidationException e)
            {
                await _error.WriteLineAsync("error: the configuration has mistakes:");
                foreach (var failure in e.Failures)
                {
                    await _error.WriteLineAsync("  " + failure);
                }

                return CommandRun.BadOptions;
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                return await StartFailedAsync(e, CommandRun.BadOptions);
            }
            catch (Exception e) when (e is IOException or SocketException or DbException)
            {
                // A port in use, a database that cannot be reached: nothing wrong with the command line itself.
                return await StartFailedAsync(e, CommandRun.Failed);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }

            Volatile.Write(ref started, true);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                await _output.WriteLineAsync($"Ringwire listening on {address}");
            }

            await _output.FlushAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
        }

        return 0;
    }

    /// <summary>
    /// The ASP.NET Core form of a configuration argument: <c>--Key=value</c>, or <c>--Key value</c>. Anything else is a
    /// typo the configuration reader would silently drop.
    /// </summary>
    private static string? ConfigurationArgumentProblem(List<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
            {
                return $"unexpected argument '{token}': configuration is given as --Section:Key=value (e.g. --Ringwire:ApiKeys:0=KEY).";
            }

            if (token.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }

            if (i + 1 >= tokens.Count || tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return $"'{token}' has no value: write {token}=value.";
            }

            i++;
        }

        return null;
    }

    private async Task<int> StartFailedAsync(Exception e, int exitCode)
    {
        await _error.WriteLineAsync($"error: the server could not start: {e.Message}");
        return exitCode;
    }
}
