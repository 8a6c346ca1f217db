using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ringwire.Cli.Json;
using Ringwire.Lab;

namespace Ringwire.Cli;

/// <summary>
/// <c>token</c>: mints a user token with the server's <c>POST /v1/tokens</c>. Only the token goes to stdout, so that
/// <c>TOKEN=$(ringwire token bob)</c> works; its expiry and every error go to stderr.
/// </summary>
internal sealed class TokenCommand
{
    public const string ServerVariable = "RINGWIRE_URL";
    public const string ApiKeyVariable = "RINGWIRE_API_KEY";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly Func<string, string?> _environment;

    private readonly Argument<string> _userId = new("userId")
    {
        Description = "The user the token is for (its sub): 1–128 characters of A-Z a-z 0-9 . _ @ + -.",
    };

    private readonly Option<int> _ttl = new("--ttl")
    {
        Description = "Seconds the token stays valid, 60 to 2592000 (30 days).",
        DefaultValueFactory = _ => 3600,
    };

    private readonly Option<string?> _server = new("--server")
    {
        Description = $"The Ringwire server's base URL. Default: ${ServerVariable}, else {ServerUrl.Default}.",
    };

    private readonly Option<string?> _apiKey = new("--api-key")
    {
        Description = $"One of the server's API keys (Ringwire:ApiKeys), sent as X-Api-Key. Default: ${ApiKeyVariable}.",
    };

    public TokenCommand(TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        _output = output;
        _error = error;
        _environment = environment;
        Command = new Command("token",
            "Mint a user token (a JWT for Authorization: Bearer, or ?access_token= on /v1/connect) from a running server, "
            + "to try the API or the device channel as that user. Prints only the token; its expiry goes to stderr.")
        {
            _userId, _ttl, _server, _apiKey,
        };
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    public static string Examples => """
        export RINGWIRE_URL=http://127.0.0.1:5000 RINGWIRE_API_KEY=rw_dev_…
        TOKEN=$(ringwire token bob)
        curl -H "Authorization: Bearer $TOKEN" $RINGWIRE_URL/v1/devices
        ringwire token alice --ttl 600 --server https://ring.example.com --api-key "$KEY"
        """;

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var serverText = parsed.GetValue(_server) ?? _environment(ServerVariable) ?? ServerUrl.Default;
        var apiKey = parsed.GetValue(_apiKey) ?? _environment(ApiKeyVariable);
        var server = ServerUrl.Parse(serverText);
        if (server is null)
        {
            return await BadOptionsAsync($"--server '{serverText}' is not an http:// or https:// URL.");
        }

        if (string.IsNullOrEmpty(apiKey))
        {
            return await BadOptionsAsync(
                $"no API key: give --api-key or set ${ApiKeyVariable} (a server started with --environment Development prints one it made up).");
        }

        using var http = new HttpClient { Timeout = RequestTimeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "v1/tokens"))
        {
            Content = JsonContent.Create(new TokenRequest(parsed.GetValue(_userId)!, parsed.GetValue(_ttl)), CliJson.Default.TokenRequest),
        };
        request.Headers.Add("X-Api-Key", apiKey);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return await PrintTokenAsync(response, server, cancellationToken);
            }

            return await ExplainRefusalAsync(response, server, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return await FailAsync($"cannot reach the Ringwire server at {server}: {e.Message} Is it running (ringwire serve), and is --server or ${ServerVariable} right?");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await FailAsync($"the server at {server} did not answer within {RequestTimeout.TotalSeconds:0} s.");
        }
    }

    private async Task<int> PrintTokenAsync(HttpResponseMessage response, Uri server, CancellationToken cancellationToken)
    {
        TokenReply? reply;
        try
        {
            reply = await response.Content.ReadFromJsonAsync(CliJson.Default.TokenReply, cancellationToken);
        }
        catch (JsonException)
        {
            reply = null;
        }

        if (reply?.Token is not { Length: > 0 } token)
        {
            return await FailAsync($"{server} answered {(int)response.StatusCode} without a token: is it a Ringwire server?");
        }

        await _output.WriteLineAsync(token);
        if (reply.ExpiresAt is { } expiresAt)
        {
            await _error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"expires {expiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} (in {Duration(expiresAt - DateTimeOffset.UtcNow)})"));
        }

        return 0;
    }

    private async Task<int> ExplainRefusalAsync(HttpResponseMessage response, Uri server, CancellationToken cancellationToken)
    {
        var problem = await ReadProblemAsync(response, cancellationToken);
        var status = (int)response.StatusCode;
        var what = $"{status} {problem?.Code ?? response.ReasonPhrase}";
        switch (response.StatusCode)
        {
            case HttpStatusCode.BadRequest:
                await _error.WriteLineAsync($"error: the server refused the request ({what}):");
                foreach (var (field, messages) in problem?.Errors ?? [])
                {
                    await _error.WriteLineAsync($"  {OptionFor(field)}: {string.Join(" ", messages)}");
                }

                if (problem?.Errors is not { Count: > 0 })
                {
                    await _error.WriteLineAsync($"  {problem?.Detail ?? problem?.Title ?? "no reason given"}");
                }

                return CommandRun.BadOptions;
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                return await FailAsync(
                    $"the server refused the API key ({what}): it must be one of the server's Ringwire:ApiKeys; check --api-key or ${ApiKeyVariable}.");
            case HttpStatusCode.NotFound:
                return await FailAsync($"{server}v1/tokens does not exist ({status}): is {server} a Ringwire server?");
            case HttpStatusCode.TooManyRequests:
                var retry = response.Headers.RetryAfter?.Delta is { } delta ? $" Try again in {delta.TotalSeconds:0} s." : "";
                return await FailAsync($"the server is limiting requests ({what}).{retry}");
            default:
                return await FailAsync($"the server answered {what}: {problem?.Detail ?? problem?.Title ?? "no reason given"}");
        }
    }

    private static async Task<ProblemReply?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return null;
        }

        try
        {
            return await response.Content.ReadFromJsonAsync(CliJson.Default.ProblemReply, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The option the user typed for a field of the request, so the message speaks their language.</summary>
    private static string OptionFor(string field) => field switch
    {
        "ttlSeconds" => "--ttl",
        "userId" => "userId",
        _ => field,
    };

    private static string Duration(TimeSpan span) => span.TotalDays >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} days")
        : span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, span.TotalMinutes):0} min");

    private async Task<int> BadOptionsAsync(string message)
    {
        await _error.WriteLineAsync($"error: {message}");
        return CommandRun.BadOptions;
    }

    private async Task<int> FailAsync(string message)
    {
        await _error.WriteLineAsync($"error: {message}");
        return CommandRun.Failed;
    }
}
