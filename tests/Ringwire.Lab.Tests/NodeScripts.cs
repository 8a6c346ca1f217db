using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Ringwire.Lab.Tests;

/// <summary>
/// Runs the scripts in node-apn/ with node, bounded in time. @parse/node-apn must have been installed there
/// (<c>npm ci --prefix tests/Ringwire.Lab.Tests/node-apn</c>); without it the tests fail saying so, never skip.
/// </summary>
internal static class NodeScripts
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static string Folder { get; } = typeof(NodeScripts).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "NodeScriptsFolder").Value!;

    /// <summary>Runs <paramref name="script"/> with <paramref name="input"/> as JSON argument; returns the JSON line it printed.</summary>
    public static async Task<JsonElement> RunAsync(string script, object input, bool needsNodeApn = true)
    {
        if (needsNodeApn && !Directory.Exists(Path.Combine(Folder, "node_modules", "@parse", "node-apn")))
        {
            Assert.Fail($"@parse/node-apn is not installed in {Folder}. Install it first: npm ci --prefix {Folder}");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(Folder, script));
        start.ArgumentList.Add(JsonSerializer.Serialize(input));

        // node-apn's debug output would go to stdout, which carries the result.
        start.Environment.Remove("DEBUG");
        start.Environment.Remove("NODE_OPTIONS");

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"node could not be started ({e.Message}); the interop tests need Node.js 20 or later on PATH.");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Limit);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"node {script} did not finish within {Limit.TotalSeconds} s and was killed.");
            }

            var output = await stdout.WithTimeout();
            var errors = await stderr.WithTimeout();
            if (process.ExitCode != 0)
            {
                Assert.Fail($"node {script} exited with {process.ExitCode}: {errors}");
            }

            var lastLine = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            if (lastLine is null)
            {
                Assert.Fail($"node {script} printed nothing; stderr: {errors}");
            }

            using var json = JsonDocument.Parse(lastLine);
            return json.RootElement.Clone();
        }
    }
}
