using System.CommandLine;
using System.Security.Cryptography;
using Ringwire.Cli.Apns;
using Ringwire.Lab;
using Ringwire.Push;
using Ringwire.Push.Apns;

namespace Ringwire.Cli;

/// <summary>
/// <c>apns-check</c>: checks an app's APNs credentials, first locally (all at once), then with one request to APNs for a
/// made-up device token. APNs judges the provider token and the topic before the device token (as the Lab's simulator
/// does; Apple's A2 lists the reasons, not their order), so its BadDeviceToken means the key, team and bundle id are good.
/// </summary>
internal sealed class ApnsCheckCommand
{
    private readonly TextWriter _output;
    private readonly AppleCredentialOptions _credentials = new();

    private readonly Option<bool> _offline = new("--offline")
    {
        Description = "Run only the local checks; send nothing to APNs.",
    };

    public ApnsCheckCommand(TextWriter output)
    {
        _output = output;
        Command = new Command("apns-check",
            "Check the APNs key id, team id, key file, bundle id and environment before you configure the server with them "
            + "(Ringwire:Apns): the local checks, all at once, then one request to APNs with a made-up device token, which tells "
            + "whether Apple accepts the key, team and bundle id together. Each failure is explained in plain words. "
            + "Exit code 0 when every check passed.");
        _credentials.AddTo(Command);
        Command.Options.Add(_offline);
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    public static string Examples => """
        ringwire apns-check --key AuthKey_ABC123DEFG.p8 --team-id DEF456GHIJ --bundle-id com.example.app
        ringwire apns-check --key key.p8 --key-id ABC123DEFG --team-id DEF456GHIJ --bundle-id com.example.app --environment sandbox --offline
        """;

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var (lines, checkedTarget) = CredentialChecks.Run(_credentials.Read(parsed));
        await _output.WriteLineAsync("Local checks:");
        foreach (var line in lines)
        {
            await line.WriteAsync(_output);
        }

        if (checkedTarget is null)
        {
            await _output.WriteLineAsync($"{lines.Count(l => !l.Passed)} check(s) failed; APNs was not asked.");
            return CommandRun.Failed;
        }

        using var target = checkedTarget;
        if (parsed.GetValue(_offline))
        {
            await _output.WriteLineAsync("Local checks passed; APNs was not asked (--offline).");
            return 0;
        }

        var verdict = await AskApnsAsync(target, cancellationToken);
        await _output.WriteLineAsync(verdict.Passed ? "All checks passed." : "The APNs check failed.");
        return verdict.Passed ? 0 : CommandRun.Failed;
    }

    private async Task<CheckLine> AskApnsAsync(ApnsTarget target, CancellationToken cancellationToken)
    {
        // Random, so that it is no one's device: APNs can only answer that it does not know it.
        var madeUpToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        using var sender = target.NewSender();
        var message = TestVoipPush.Create(target, madeUpToken, "Ringwire apns-check", TestVoipPush.NowhereConnectUrl, TimeProvider.System);
        await _output.WriteLineAsync(
            $"APNs: one VoIP push to a made-up device token at {target.Host.GetLeftPart(UriPartial.Authority)} ({target.EnvironmentName}, topic {target.BundleId}.voip):");
        await _output.FlushAsync(cancellationToken);
        var reply = await sender.SendForReplyAsync(message, cancellationToken);
        await ReplyText.WriteAnswerAsync(_output, reply);

        var verdict = Judge(reply.Outcome, target);
        await verdict.WriteAsync(_output);
        return verdict;
    }

    private static CheckLine Judge(PushOutcome outcome, ApnsTarget target)
    {
        // Past the provider token and the topic, only the device token is left to refuse (or, on a simulator that
        // accepts unknown devices, to accept).
        if (outcome.Reason == "BadDeviceToken" || outcome.Result == PushResult.Delivered || outcome.Status == 410)
        {
            return CheckLine.Ok(
                $"credentials OK: APNs accepted the provider token (key id, team id, key) and the topic {target.BundleId}.voip; "
                + $"it judged only the made-up device token ({outcome.Reason ?? "accepted"}), as expected.");
        }

        var diagnosis = ApnsDiagnoses.For(outcome);
        var subject = diagnosis.Suspect switch
        {
            ApnsSuspect.Credentials => "key id, team id and key",
            ApnsSuspect.BundleId => "bundle id",
            ApnsSuspect.Clock => "this machine's clock",
            ApnsSuspect.Network => "the network on the way to APNs",
            ApnsSuspect.Throttling => "too many requests",
            ApnsSuspect.Apple => "APNs itself",
            _ => "the request",
        };
        return CheckLine.Fail($"{subject}: {outcome.Reason ?? "no answer"}. {diagnosis.Meaning}", diagnosis.Remedy);
    }
}
