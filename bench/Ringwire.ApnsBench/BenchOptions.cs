using System.Diagnostics.CodeAnalysis;
using Ringwire.Bench;

namespace Ringwire.ApnsBench;

/// <summary>Command-line options, parsed by hand as <c>--name value</c> (or <c>--name=value</c>).</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        Usage: Ringwire.ApnsBench [options]

          --endpoint URL          the APNs host or simulator, https       (required to send)
          --ca PATH               extra CA certificate (PEM) to trust     (default: system roots only)
          --key-file PATH         the .p8 token key                       (required)
          --key-id ID             the key's id (JWT kid)                  (required)
          --team-id ID            the team id (JWT iss)                   (required)
          --bundle-id ID          the app; pushes go to <ID>.voip         (default com.example.ringwire)
          --token HEX             the device token                        (default: 64 fixed hex digits)
          --count N               pushes measured                         (default 50000)
          --concurrency C         pushes in flight (a sliding window)     (default 100)
          --warmup N              pushes sent first and not measured      (default 100000:
                                  the JIT needs ~5 s of load to settle)
          --json PATH             also write the report as JSON to PATH
          --print-jwt             print one provider token and exit (for h2load's header)
          --print-body            print the push body (JSON, no newline) and exit
          --help                  show this text

        Every push is a VoIP push through one ApnsSender; any outcome but Delivered is an error.
        Exit codes: 0 every push delivered; 1 a push failed; 2 bad options.
        """;

    /// <summary>Well formed (64 hex digits) and obviously not a real phone's.</summary>
    public const string DefaultToken = "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--print-jwt", "--print-body", "--help", "-h", "-?" };

    public Uri? Endpoint { get; private set; }

    public string? CaPath { get; private set; }

    public string? KeyFile { get; private set; }

    public string? KeyId { get; private set; }

    public string? TeamId { get; private set; }

    public string BundleId { get; private set; } = "com.example.ringwire";

    public string Token { get; private set; } = DefaultToken;

    public int Count { get; private set; } = 50_000;

    public int Concurrency { get; private set; } = 100;

    public int Warmup { get; private set; } = 100_000;

    public string? JsonPath { get; private set; }

    public bool PrintJwt { get; private set; }

    public bool PrintBody { get; private set; }

    public bool ShowHelp { get; private set; }

    public static bool TryParse(
        IReadOnlyList<string> args,
        [NotNullWhen(true)] out BenchOptions? options,
        [NotNullWhen(false)] out string? problem)
    {
        var parsed = new BenchOptions();
        options = null;
        problem = OptionReader.Read(args, Flags, (name, value) => value is null ? parsed.SetFlag(name) : parsed.Apply(name, value));
        if (problem is not null)
        {
            return false;
        }

        problem = parsed.Missing();
        if (problem is not null)
        {
            return false;
        }

        options = parsed;
        return true;
    }

    private string? SetFlag(string flag)
    {
        switch (flag)
        {
            case "--print-jwt":
                PrintJwt = true;
                break;
            case "--print-body":
                PrintBody = true;
                break;
            default:
                ShowHelp = true;
                break;
        }

        return null;
    }

    /// <summary>What the chosen mode still needs: nothing for help or the body, the key for a JWT, everything to send.</summary>
    private string? Missing()
    {
        if (ShowHelp || PrintBody)
        {
            return null;
        }

        if (KeyFile is null || KeyId is null || TeamId is null)
        {
            return "--key-file, --key-id and --team-id are required";
        }

        return PrintJwt || Endpoint is not null ? null : "--endpoint is required";
    }

    private string? Apply(string name, string value)
    {
        switch (name)
        {
            case "--endpoint":
                if (!Uri.TryCreate(value, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
                {
                    return $"--endpoint must be an absolute https:// URL, got '{value}'";
                }

                Endpoint = endpoint;
                return null;
            case "--ca":
                CaPath = value;
                return null;
            case "--key-file":
                KeyFile = value;
                return null;
            case "--key-id":
                KeyId = value;
                return null;
            case "--team-id":
                TeamId = value;
                return null;
            case "--bundle-id":
                BundleId = value;
                return null;
            case "--token":
                if (value.Length is < 64 or > 200 || !value.All(char.IsAsciiHexDigit))
                {
                    return $"--token must be 64 to 200 hex digits, got '{value}'";
                }

                Token = value;
                return null;
            case "--count":
                return OptionReader.Int(name, value, 1, 10_000_000, v => Count = v);
            case "--concurrency":
                return OptionReader.Int(name, value, 1, 100_000, v => Concurrency = v);
            case "--warmup":
                return OptionReader.Int(name, value, 0, 10_000_000, v => Warmup = v);
            case "--json":
                JsonPath = value;
                return null;
            default:
                return $"unknown option {name}";
        }
    }

}
