using System.CommandLine;
using Ringwire.Cli.Apns;
using Ringwire.Lab;
using Ringwire.Push;
using Ringwire.Push.Apns;

namespace Ringwire.Cli;

/// <summary>
/// <c>push</c>: one VoIP push to a real device with a .p8 key, exactly as the server sends it (Push's
/// <see cref="ApnsSender"/>, contract §7), and Apple's exact answer with what it means.
/// </summary>
internal sealed class PushCommand
{
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly AppleCredentialOptions _credentials = new();

    private readonly Option<string> _token = new("--token")
    {
        Description = "The device's PushKit VoIP token, as hex (what the app got in pushRegistry(_:didUpdate:for:)).",
        HelpName = "hex",
        Required = true,
    };

    private readonly Option<string?> _callerName = new("--caller-name")
    {
        Description = "The caller name in the push, which the app shows on the incoming-call screen.",
        HelpName = "name",
        DefaultValueFactory = _ => "Ringwire test call",
    };

    private readonly Option<string> _connect = new("--connect")
    {
        Description = "The device-channel URL in the push, where the app connects to claim the call. By default nothing answers there, so the app ends the test call.",
        HelpName = "wss-url",
        DefaultValueFactory = _ => TestVoipPush.NowhereConnectUrl,
    };

    public PushCommand(TextWriter output, TextWriter error)
    {
        _output = output;
        _error = error;
        Command = new Command("push",
            "Send one VoIP push to a real device with your .p8 key, with the headers and body the server uses, and print Apple's exact "
            + "answer (status, apns-id, apns-unique-id, reason, timestamp) and what it means. The first thing to try when calls do not "
            + "arrive. Exit code 0 when APNs accepted the push.")
        {
            _token,
        };
        _credentials.AddTo(Command);
        Command.Options.Add(_callerName);
        Command.Options.Add(_connect);
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    public static string Examples => """
        ringwire push --token 5f1c…e9 --key AuthKey_ABC123DEFG.p8 --team-id DEF456GHIJ --bundle-id com.example.app --environment sandbox
        ringwire push --token 5f1c…e9 --key key.p8 --key-id ABC123DEFG --team-id DEF456GHIJ --bundle-id com.example.app --caller-name "Alice"
        ringwire push --token "$TOKEN" --key AuthKey_KEY0000001.p8 --team-id TEAM000001 --bundle-id com.example.app --endpoint https://127.0.0.1:2197 --ca ca.pem
        """;

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var token = parsed.GetValue(_token)!.Trim();
        var (lines, checkedTarget) = CredentialChecks.Run(_credentials.Read(parsed));
        var problems = lines.Where(l => !l.Passed).ToList();
        if (TestVoipPush.TokenProblem(token) is { } tokenProblem)
        {
            problems.Insert(0, CheckLine.Fail($"--token: {tokenProblem}", "Copy the hex string the app logged from PushKit."));
        }

        var connect = parsed.GetValue(_connect)!;
        if (!Uri.TryCreate(connect, UriKind.Absolute, out var connectUrl) || connectUrl.Scheme is not ("ws" or "wss"))
        {
            problems.Add(CheckLine.Fail($"--connect '{connect}': not a ws:// or wss:// URL"));
        }

        if (problems.Count > 0)
        {
            checkedTarget?.Dispose();
            await _error.WriteLineAsync("error: nothing sent; fix these first (ringwire apns-check explains every check):");
            foreach (var problem in problems)
            {
                await problem.WriteAsync(_error);
            }

            return CommandRun.BadOptions;
        }

        using var target = checkedTarget!;
        using var sender = target.NewSender();
        var message = TestVoipPush.Create(target, token, parsed.GetValue(_callerName), connect, TimeProvider.System);
        await _output.WriteLineAsync(
            $"POST {target.Host.GetLeftPart(UriPartial.Authority)}/3/device/{TestVoipPush.Shorten(token)} ({target.EnvironmentName}, topic {target.BundleId}.voip, push type voip, callId {message.CallId:D})");
        await _output.FlushAsync(cancellationToken);

        var reply = await sender.SendForReplyAsync(message, cancellationToken);
        await _output.WriteLineAsync(reply.Outcome.Status is null ? "APNs did not answer:" : "APNs answered:");
        await ReplyText.WriteAnswerAsync(_output, reply);
        var diagnosis = ApnsDiagnoses.For(reply.Outcome);
        await ReplyText.WriteDiagnosisAsync(_output, diagnosis);
        return reply.Outcome.Result == PushResult.Delivered ? 0 : CommandRun.Failed;
    }
}
