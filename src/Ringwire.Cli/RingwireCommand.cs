using System.CommandLine;
using Ringwire.Lab;

namespace Ringwire.Cli;

/// <summary>The <c>ringwire</c> command line: <c>dotnet run --project src/Ringwire.Cli -- push --help</c>.</summary>
public static class RingwireCommand
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

    internal static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(args, output, error, Environment.GetEnvironmentVariable, cancellationToken);

    /// <param name="environment">Reads an environment variable (RINGWIRE_URL, RINGWIRE_API_KEY); tests give their own.</param>
    internal static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellationToken) =>
        CommandRun.RunAsync(Create(output, error, environment), args, output, error, cancellationToken);

    /// <summary>The whole command tree, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    internal static RootCommand Create(TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        var serve = new ServeCommand(output, error);
        var token = new TokenCommand(output, error, environment);
        var push = new PushCommand(output, error);
        var apnsCheck = new ApnsCheckCommand(output);
        var apnsSim = new ApnsSimCommand(output, error);
        var lab = new LabScenarioCommand(output, error);
        var load = new LoadCommand(output, error, environment);
        var root = new RootCommand(
            "Ringwire: the ringing service for VoIP apps. Run the server, mint a user token, send a test VoIP push and check APNs "
            + "credentials, run the APNs simulator, the Lab's scenarios, or a load test. `ringwire <command> --help` explains each.")
        {
            serve.Command, token.Command, push.Command, apnsCheck.Command, apnsSim.Command, lab.Command, load.Command,
        };
        CommandHelp.Teach(root, new Dictionary<Command, string>
        {
            [serve.Command] = ServeCommand.Examples,
            [token.Command] = TokenCommand.Examples,
            [push.Command] = PushCommand.Examples,
            [apnsCheck.Command] = ApnsCheckCommand.Examples,
            [apnsSim.Command] = """
                ringwire apns-sim --port 2197 --bundle-id com.example.app --accept-unknown-devices --ca-out ca.pem
                ringwire push --token "$TOKEN" --key AuthKey_<KEYID>.p8 --team-id <TEAM> --bundle-id com.example.app --endpoint https://127.0.0.1:2197 --ca ca.pem --environment sandbox
                """,
            [lab.Command] = """
                ringwire lab --list
                ringwire lab S8
                ringwire lab S1 S4 S8 --repeat 100 --random-delay-ms 50 --seed 7
                """,
            [load.Command] = LoadCommand.Examples,
            [root] = """
                ringwire serve --environment Development
                TOKEN=$(ringwire token bob --api-key "$KEY")
                ringwire apns-check --key AuthKey_ABC123DEFG.p8 --team-id DEF456GHIJ --bundle-id com.example.app
                ringwire push --token "$VOIP_TOKEN" --key AuthKey_ABC123DEFG.p8 --team-id DEF456GHIJ --bundle-id com.example.app
                """,
        }, output);
        return root;
    }
}
