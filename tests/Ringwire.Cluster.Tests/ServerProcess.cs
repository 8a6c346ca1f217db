using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Ringwire.Cluster.Tests;

/// <summary>
/// One real server node: <c>dotnet Ringwire.Server.dll</c> as a child process on 127.0.0.1 and a port of the system's
/// choosing, configured through <c>Ringwire__…</c> environment variables, in a temporary working folder. Disposing
/// kills it (the whole process tree) and removes the folder; processes still running when the test host exits are
/// killed too, so a failed or aborted test leaves nothing behind.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    public const string ApiKey = "rw-cluster-api-key-0123456789";
    public const string SigningKey = "rw-cluster-signing-key-0123456789-abcdefghijklmnop";

    private static readonly ConcurrentDictionary<ServerProcess, bool> Running = new();

    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    static ServerProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var server in Running.Keys)
        {
            server.Kill();
        }
    };

    private ServerProcess(string name, string connectionString, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        _directory = Directory.CreateTempSubdirectory($"ringwire-cluster-{name}-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Ringwire.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            // The two lines this class waits for: Kestrel's address, and the node listening to the others.
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging__LogLevel__Ringwire.Server.Cluster"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Ringwire__Storage__Provider"] = "postgres",
            ["Ringwire__Storage__ConnectionString"] = connectionString,
            ["Ringwire__TokenSigningKey"] = SigningKey,
            ["Ringwire__ApiKeys__0"] = ApiKey,
            ["Ringwire__RateLimits__CallsPerMinutePerUser"] = "0",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Read(e.Data);
        _process.ErrorDataReceived += (_, e) => Read(e.Data);
        _process.Exited += (_, _) =>
        {
            _address.TrySetException(new InvalidOperationException($"{Name} exited before listening. Output:\n{Output}"));
            _listening.TrySetException(new InvalidOperationException($"{Name} exited before listening to the other nodes. Output:\n{Output}"));
        };
    }

    public string Name { get; }

    public Uri BaseAddress => _address.Task.IsCompletedSuccessfully ? _address.Task.Result : throw new InvalidOperationException($"{Name} has no address yet.");

    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    /// <summary>Starts a node and returns once it serves HTTP and listens to the other nodes' call changes.</summary>
    public static async Task<ServerProcess> StartAsync(string name, string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = new ServerProcess(name, connectionString, settings ?? new Dictionary<string, string>());
        Running[server] = true;
        try
        {
            server._process.Start();
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            await Task.WhenAll(server._address.Task, server._listening.Task).WaitAsync(TimeSpan.FromSeconds(30));
            return server;
        }
        catch (Exception e)
        {
            var output = server.Output;
            await server.DisposeAsync();
            throw new InvalidOperationException($"{name} did not start: {e.Message}\nOutput:\n{output}", e);
        }
    }

    /// <summary>kill -9: the node stops at once, mid-whatever, like a machine that dies.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Never started, or will be reaped by the system.
        }

        Running.TryRemove(this, out _);
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder must not fail a test.
        }
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }

        if (ListeningOn().Match(line) is { Success: true } match)
        {
            _address.TrySetResult(new Uri(match.Groups[1].Value));
        }
        else if (line.Contains("is listening for the other nodes' call changes", StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
