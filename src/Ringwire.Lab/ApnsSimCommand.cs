using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using System.Threading.Channels;
using Ringwire.Core;
using Ringwire.Lab.Apns;

namespace Ringwire.Lab;

/// <summary><c>apns-sim</c>: runs the APNs simulator standalone, printing one line per exchange (unless --quiet), until Ctrl+C.</summary>
public sealed class ApnsSimCommand
{
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    private readonly Option<int> _port = new("--port")
    {
        Description = "Port to listen on (Apple's alternative port by default; 0 = any free port).",
        DefaultValueFactory = _ => 2197,
    };

    private readonly Option<string> _address = new("--address")
    {
        Description = "Address to listen on.",
        DefaultValueFactory = _ => IPAddress.Loopback.ToString(),
    };

    private readonly Option<string> _environment = new("--environment")
    {
        Description = "The APNs host impersonated: sandbox or production.",
        DefaultValueFactory = _ => "sandbox",
    };

    private readonly Option<string?> _teamId = new("--team-id") { Description = "Team id the key belongs to (generated when no --key-file is given)." };
    private readonly Option<string?> _keyId = new("--key-id") { Description = "Key id (kid) of the key; taken from an AuthKey_<KEYID>.p8 file name when omitted." };
    private readonly Option<FileInfo?> _keyFile = new("--key-file") { Description = "A .p8 private key or a public key PEM; only its public part is used. Without it a key is generated." };
    private readonly Option<DirectoryInfo?> _keyOut = new("--key-out") { Description = "Folder for a generated AuthKey_<KEYID>.p8 (default: the current folder)." };
    private readonly Option<string[]> _bundleIds = new("--bundle-id") { Description = "A bundle id the team may push to, with its .voip topic (repeatable)." };
    private readonly Option<string[]> _devices = new("--device") { Description = "A known device as token=topic, e.g. <64 hex>=com.example.app.voip (repeatable)." };
    private readonly Option<bool> _acceptUnknownDevices = new("--accept-unknown-devices") { Description = "Answer 200 for well-formed tokens never added, and allow any topic of the team." };
    private readonly Option<FileInfo?> _caOut = new("--ca-out") { Description = "Write the CA certificate (PEM) that clients must trust to this file." };
    private readonly Option<double> _rate429 = new("--rate-429") { Description = "Share of valid pushes answered 429 TooManyRequests (0 to 1)." };
    private readonly Option<double> _rate500 = new("--rate-500") { Description = "Share answered 500 InternalServerError (0 to 1)." };
    private readonly Option<double> _rate503 = new("--rate-503") { Description = "Share answered 503 ServiceUnavailable (0 to 1)." };
    private readonly Option<double> _rateReset = new("--rate-reset") { Description = "Share reset without an answer (0 to 1)." };
    private readonly Option<int> _latencyMs = new("--latency-ms") { Description = "Milliseconds waited before every answer." };
    private readonly Option<int?> _seed = new("--seed") { Description = "Seed for the fault dice, for a repeatable run." };
    private readonly Option<bool> _quiet = new("--quiet") { Description = "Print no line per exchange (for load runs, where printing would be the bottleneck)." };

    public ApnsSimCommand(TextWriter output, TextWriter error)
    {
        _output = output;
        _error = error;
        _environment.AcceptOnlyFromAmong("sandbox", "production");
        Command = new Command("apns-sim",
            "Run the APNs simulator (HTTP/2 over TLS, Apple's answers and checks) until Ctrl+C: a stand-in for Apple to point a server, "
            + "`ringwire push` or `ringwire apns-check` at (with --endpoint and --ca) when you have no Apple key or no phone at hand.")
        {
            _port, _address, _environment, _teamId, _keyId, _keyFile, _keyOut, _bundleIds, _devices, _acceptUnknownDevices,
            _caOut, _rate429, _rate500, _rate503, _rateReset, _latencyMs, _seed, _quiet,
        };
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        // Checked here rather than in option validators: those run even when a value did not convert.
        var problems = Problems(parsed);
        if (problems.Count > 0)
        {
            return await BadOptionsAsync(string.Join(System.Environment.NewLine + "error: ", problems));
        }

        var keyFile = parsed.GetValue(_keyFile);
        var teamId = parsed.GetValue(_teamId);
        var keyId = parsed.GetValue(_keyId);
        if (keyFile is not null)
        {
            keyId ??= AuthKeyFile.KeyIdFromName(keyFile.FullName);
            if (teamId is null || keyId is null || parsed.GetValue(_keyOut) is not null)
            {
                return await BadOptionsAsync(
                    teamId is null ? "--key-file needs --team-id: the simulator must know the key's team."
                    : keyId is null ? "--key-file needs --key-id unless the file is named AuthKey_<KEYID>.p8."
                    : "--key-out applies only to a generated key; drop it or --key-file.");
            }
        }

        ECDsa key;
        string? writtenKey = null;
        teamId ??= AppleIdentifier.New();
        keyId ??= AppleIdentifier.New();
        try
        {
            if (keyFile is not null)
            {
                key = AuthKeyFile.Load(keyFile.FullName);
            }
            else
            {
                (key, writtenKey) = AuthKeyFile.Generate(parsed.GetValue(_keyOut)?.FullName ?? Directory.GetCurrentDirectory(), keyId);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return await BadOptionsAsync(keyFile is null ? $"cannot write the key file: {e.Message}" : $"--key-file: {e.Message}");
        }

        using (key)
        {
            return await RunSimulatorAsync(parsed, teamId, keyId, key, writtenKey, cancellationToken);
        }
    }

    private async Task<int> RunSimulatorAsync(ParseResult parsed, string teamId, string keyId, ECDsa key, string? writtenKey, CancellationToken cancellationToken)
    {
        var environment = parsed.GetValue(_environment) == "production" ? ApnsEnvironment.Production : ApnsEnvironment.Sandbox;
        var devices = (parsed.GetValue(_devices) ?? []).Select(d => ParseDevice(d)!.Value).ToList();
        var options = new ApnsSimulatorOptions
        {
            Address = IPAddress.Parse(parsed.GetValue(_address)!),
            Port = parsed.GetValue(_port),
            Environment = environment,
            AcceptUnknownDevices = parsed.GetValue(_acceptUnknownDevices),
            Seed = parsed.GetValue(_seed),
        };

        ApnsSimulator simulator;
        try
        {
            simulator = await ApnsSimulator.StartAsync(options, cancellationToken);
        }
        catch (IOException e)
        {
            await _error.WriteLineAsync($"error: cannot listen on {options.Address}:{options.Port}: {e.Message}");
            return 1;
        }

        await using (simulator)
        {
            // The devices' apps belong to the team too, so that "--device" alone is enough to push to them.
            simulator.AddTeam(teamId, [.. (parsed.GetValue(_bundleIds) ?? []).Concat(devices.Select(d => d.Topic))]);
            simulator.AddKey(keyId, teamId, key);
            foreach (var (token, topic) in devices)
            {
                simulator.AddDevice(token, topic, environment);
            }

            simulator.Faults.TooManyRequestsRate = parsed.GetValue(_rate429);
            simulator.Faults.InternalServerErrorRate = parsed.GetValue(_rate500);
            simulator.Faults.ServiceUnavailableRate = parsed.GetValue(_rate503);
            simulator.Faults.ResetRate = parsed.GetValue(_rateReset);
            simulator.Faults.AddedLatency = TimeSpan.FromMilliseconds(parsed.GetValue(_latencyMs));

            if (parsed.GetValue(_caOut) is { } caOut)
            {
                try
                {
                    await File.WriteAllTextAsync(caOut.FullName, simulator.CertificateAuthorityPem, cancellationToken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return await BadOptionsAsync($"--ca-out: {e.Message}");
                }
            }

            var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
            if (!parsed.GetValue(_quiet))
            {
                simulator.ExchangeRecorded += (_, exchange) => lines.Writer.TryWrite(Describe(exchange));
            }

            await _output.WriteLineAsync($"APNs simulator ({parsed.GetValue(_environment)}) listening on {simulator.Endpoint.GetLeftPart(UriPartial.Authority)}");
            await _output.WriteLineAsync($"team {teamId} key {keyId}" + (writtenKey is null ? "" : $" (new key written to {writtenKey})"));
            if (parsed.GetValue(_caOut) is { } written)
            {
                await _output.WriteLineAsync($"CA certificate written to {written.FullName}");
            }

            await _output.WriteLineAsync($"{devices.Count} device(s); unknown devices {(options.AcceptUnknownDevices ? "accepted" : "refused")}. Ctrl+C stops.");
            await _output.FlushAsync(cancellationToken);
            try
            {
                await foreach (var line in lines.Reader.ReadAllAsync(cancellationToken))
                {
                    await _output.WriteLineAsync(line);
                    await _output.FlushAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the normal way out.
            }

            return 0;
        }
    }

    private List<string> Problems(ParseResult parsed)
    {
        var problems = new List<string>();
        if (parsed.GetValue(_port) is < 0 or > IPEndPoint.MaxPort)
        {
            problems.Add("--port must be from 0 to 65535.");
        }

        if (!IPAddress.TryParse(parsed.GetValue(_address), out _))
        {
            problems.Add("--address must be an IP address.");
        }

        if (parsed.GetValue(_latencyMs) < 0)
        {
            problems.Add("--latency-ms must be 0 or more.");
        }

        foreach (var rate in new[] { _rate429, _rate500, _rate503, _rateReset })
        {
            if (parsed.GetValue(rate) is not (>= 0 and <= 1))
            {
                problems.Add($"{rate.Name} must be a rate from 0 to 1.");
            }
        }

        foreach (var device in parsed.GetValue(_devices) ?? [])
        {
            if (ParseDevice(device) is null)
            {
                problems.Add($"--device '{device}' is not token=topic with a token of 64 to 200 hex digits.");
            }
        }

        return problems;
    }

    private static (string Token, string Topic)? ParseDevice(string text)
    {
        var parts = text.Split('=', 2, StringSplitOptions.TrimEntries);
        return parts.Length == 2 && PushRequestReading.IsWellFormedToken(parts[0]) && parts[1].Length > 0 ? (parts[0], parts[1]) : null;
    }

    /// <summary>One line per exchange: time, status, reason, a shortened token (never a whole one in a log).</summary>
    private static string Describe(ApnsExchange exchange)
    {
        var token = exchange.Token is { Length: > 8 } t ? t[..8] + "…" : exchange.Token ?? "-";
        var status = exchange.Status == 0 ? "reset" : exchange.Status.ToString();
        var outcome = exchange.Reason ?? (exchange.Delivered ? "delivered" : "accepted");
        return $"{exchange.ReceivedAt:HH:mm:ss.fff} {status} {outcome} {exchange.Method} {token}";
    }

    private async Task<int> BadOptionsAsync(string message)
    {
        await _error.WriteLineAsync($"error: {message}");
        return CommandRun.BadOptions;
    }
}
