using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Ringwire.Server.Dashboard;

/// <summary>
/// The operator's dashboard (wwwroot/dashboard): plain HTML, JavaScript modules and CSS, embedded in this assembly so
/// that it is there wherever Ringwire runs, alone or inside another ASP.NET Core app, with no files to deploy and no
/// build step. Read once, at first use.
/// </summary>
public sealed class DashboardFiles
{
    /// <summary>The prefix of the files' manifest resource names (see Ringwire.Server.csproj).</summary>
    public const string ResourcePrefix = "RingwireDashboard/";

    public const string Index = "index.html";

    // Only what the folder holds; a file of another type is not served.
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, DashboardFile> _files;

    public DashboardFiles()
    {
        var assembly = typeof(DashboardFiles).Assembly;
        var files = new Dictionary<string, DashboardFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                || !ContentTypes.TryGetValue(Path.GetExtension(resource), out var contentType))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[ResourcePrefix.Length..].Replace('\\', '/');
            files[name] = new DashboardFile(name, contentType, content, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }

        _files = files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<string> Names => _files.Keys;

    public DashboardFile? Find(string name) => _files.GetValueOrDefault(name);
}
