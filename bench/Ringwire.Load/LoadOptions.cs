using System.Diagnostics.CodeAnalysis;
using Ringwire.Bench;

namespace Ringwire.Load;

/// <summary>Command-line options, parsed by hand as <c>--name value</c> (or <c>--name=value</c>).</summary>
internal sealed class LoadOptions
{
    public const string Usage = """
        Usage: Ringwire.Load [options]

          --url URL[,URL…]        server base URL, http or https        (default http://127.0.0.1:5000);
                                  several (nodes on one database): calls and
                                  ends go round robin, and each callee's two
                                  devices connect to different nodes
          --api-key KEY           sent as X-Api-Key to mint user tokens (default: none)
          --devices N             callee users, each with devices a and b (default 50)
          --callers N             caller users, used round-robin         (default 16)
          --rate M                calls per second to attempt            (default 500)
          --seconds S             length of the measured phase           (default 10)
          --answer-fraction F     share of calls answered, 0..1; the rest
                                  are cancelled by the caller over REST  (default 1.0)
          --concurrency C         max create requests in flight          (default 64)
          --json PATH             also write the report as JSON to PATH
          --help                  show this text

        Exit codes: 0 at least one call set-up completed; 1 server unreachable,
        set-up failed or nothing completed; 2 bad options.
        """;

    /// <summary>The first node: set-up requests go here.</summary>
    public Uri Url => Urls[0];

    public IReadOnlyList<Uri> Urls { get; private set; } = [new("http://127.0.0.1:5000/")];

    public string? ApiKey { get; private set; }

    public int Devices { get; private set; } = 50;

    public int Callers { get; private set; } = 16;

    public double Rate { get; private set; } = 500;

    public double Seconds { get; private set; } = 10;

    public double AnswerFraction { get; private set; } = 1.0;

    public int Concurrency { get; private set; } = 64;

    public string? JsonPath { get; private set; }

    public bool ShowHelp { get; private set; }

    private static readonly HashSet<string> HelpFlags = new(StringComparer.Ordinal) { "--help", "-h", "-?" };

    public static bool TryParse(
        IReadOnlyList<string> args,
        [NotNullWhen(true)] out LoadOptions? options,
        [NotNullWhen(false)] out string? problem)
    {
        var parsed = new LoadOptions();
        options = null;
        problem = OptionReader.Read(args, HelpFlags, (name, value) => parsed.Apply(name, value));
        if (problem is not null)
        {
            return false;
        }

        options = parsed;
        problem = null;
        return true;
    }

    private string? Apply(string name, string? value)
    {
        if (value is null)
        {
            ShowHelp = true;
            return null;
        }

        switch (name)
        {
            case "--url":
                return TrySetUrl(value);
            case "--api-key":
                ApiKey = value.Length > 0 ? value : null;
                return null;
            case "--devices":
                return OptionReader.Int(name, value, 1, 10_000, v => Devices = v);
            case "--callers":
                return OptionReader.Int(name, value, 1, 1_000, v => Callers = v);
            case "--rate":
                return OptionReader.Number(name, value, 0.1, 100_000, v => Rate = v);
            case "--seconds":
                return OptionReader.Number(name, value, 0.1, 3_600, v => Seconds = v);
            case "--answer-fraction":
                return OptionReader.Number(name, value, 0, 1, v => AnswerFraction = v);
            case "--concurrency":
                return OptionReader.Int(name, value, 1, 10_000, v => Concurrency = v);
            case "--json":
                JsonPath = value;
                return null;
            default:
                return $"unknown option {name}";
        }
    }

    private string? TrySetUrl(string value)
    {
        List<Uri> urls = [];
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var url)
                || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
                || url.Query.Length > 0
                || url.Fragment.Length > 0)
            {
                return $"--url must be absolute http:// or https:// URLs without query, separated by commas, got '{part}'";
            }

            // A trailing slash makes relative paths like "v1/calls" resolve under any path prefix.
            urls.Add(url.AbsolutePath.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"));
        }

        if (urls.Count == 0)
        {
            return "--url needs at least one URL";
        }

        Urls = urls;
        return null;
    }
}
