using System.CommandLine;
using System.Globalization;
using Ringwire.Lab;
using Ringwire.Lab.Load;

namespace Ringwire.Cli;

/// <summary><c>load</c>: the Lab's load generator (<see cref="LoadRun"/>) against running servers, through the public contract only.</summary>
internal sealed class LoadCommand
{
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly Func<string, string?> _environment;

    private readonly Option<string?> _url = new("--url")
    {
        Description = $"The server's base URL; several, comma-separated, for nodes on one database (calls go round robin, each callee's two devices to different nodes). Default: ${TokenCommand.ServerVariable}, else {ServerUrl.Default}.",
    };

    private readonly Option<string?> _apiKey = new("--api-key")
    {
        Description = $"An API key of the server, to mint the users' tokens. Default: ${TokenCommand.ApiKeyVariable}.",
    };

    private readonly Option<int> _devices = new("--devices") { Description = "Callee users, each with two web devices, a and b (1 to 10000).", DefaultValueFactory = _ => 50 };
    private readonly Option<int> _callers = new("--callers") { Description = "Caller users, used round robin (1 to 1000).", DefaultValueFactory = _ => 16 };
    private readonly Option<double> _rate = new("--rate") { Description = "Calls per second offered, whatever the server's latency (0.1 to 100000).", DefaultValueFactory = _ => 500 };
    private readonly Option<double> _seconds = new("--seconds") { Description = "Length of the measured phase (0.1 to 3600).", DefaultValueFactory = _ => 10 };
    private readonly Option<double> _answerFraction = new("--answer-fraction") { Description = "Share of calls answered, 0 to 1; the rest are cancelled by the caller.", DefaultValueFactory = _ => 1.0 };
    private readonly Option<int> _concurrency = new("--concurrency") { Description = "Most create requests in flight (1 to 10000).", DefaultValueFactory = _ => 64 };
    private readonly Option<string?> _json = new("--json") { Description = "Also write the report as JSON to this file." };

    public LoadCommand(TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        _output = output;
        _error = error;
        _environment = environment;
        Command = new Command("load",
            "Measure call set-up on running servers: web devices connect, an open-loop generator places calls at --rate for --seconds, "
            + "devices answer (or callers cancel), and the report gives set-ups/s, errors and p50/p99/max latencies. Start the server "
            + "with Ringwire:RateLimits:CallsPerMinutePerUser=0, or its per-user limit refuses most calls. bench/load.sh does all of it.")
        {
            _url, _apiKey, _devices, _callers, _rate, _seconds, _answerFraction, _concurrency, _json,
        };
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    public static string Examples => """
        ringwire load --url http://127.0.0.1:5000 --api-key "$KEY" --rate 500 --seconds 10 --devices 300
        ringwire load --url http://10.0.0.1:8080,http://10.0.0.2:8080 --api-key "$KEY" --answer-fraction 0.5 --json run.json
        bench/load.sh --rate 200 --seconds 5
        """;

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var urlText = parsed.GetValue(_url) ?? _environment(TokenCommand.ServerVariable) ?? ServerUrl.Default;
        var urls = urlText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(u => (Text: u, Url: ServerUrl.Parse(u))).ToList();
        if (urls.Count == 0 || urls.Any(u => u.Url is null))
        {
            problems.Add($"--url must be http:// or https:// URLs without query, separated by commas; got '{urlText}'.");
        }

        Within(problems, _devices, parsed.GetValue(_devices), 1, 10_000);
        Within(problems, _callers, parsed.GetValue(_callers), 1, 1_000);
        Within(problems, _rate, parsed.GetValue(_rate), 0.1, 100_000);
        Within(problems, _seconds, parsed.GetValue(_seconds), 0.1, 3_600);
        Within(problems, _answerFraction, parsed.GetValue(_answerFraction), 0, 1);
        Within(problems, _concurrency, parsed.GetValue(_concurrency), 1, 10_000);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await _error.WriteLineAsync($"error: {problem}");
            }

            return CommandRun.BadOptions;
        }

        var options = new LoadOptions
        {
            Urls = [.. urls.Select(u => u.Url!)],
            ApiKey = parsed.GetValue(_apiKey) ?? _environment(TokenCommand.ApiKeyVariable),
            Devices = parsed.GetValue(_devices),
            Callers = parsed.GetValue(_callers),
            Rate = parsed.GetValue(_rate),
            Seconds = parsed.GetValue(_seconds),
            AnswerFraction = parsed.GetValue(_answerFraction),
            Concurrency = parsed.GetValue(_concurrency),
            JsonPath = parsed.GetValue(_json),
        };

        // Ctrl+C stops placing calls; those in flight finish, sockets close, and the report is printed.
        using var run = new LoadRun(options, _output, _error, cancellationToken);
        return await run.RunAsync();
    }

    private static void Within<T>(List<string> problems, Option<T> option, T value, T min, T max)
        where T : struct, IComparable<T>, IFormattable
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be from {min} to {max}; got {value}."));
        }
    }
}
