using System.CommandLine;

namespace Ringwire.Cli.Apns;

/// <summary>The options that say how to reach APNs as an app's provider, shared by <c>push</c> and <c>apns-check</c>.</summary>
internal sealed class AppleCredentialOptions
{
    public Option<string> Key { get; } = new("--key")
    {
        HelpName = "file",
        Description = "The .p8 key file from the Apple developer account (Certificates, Identifiers & Profiles → Keys), e.g. AuthKey_ABC123DEFG.p8.",
        Required = true,
    };

    public Option<string?> KeyId { get; } = new("--key-id")
    {
        HelpName = "id",
        Description = "The key's 10-character id (ABC123DEFG in AuthKey_ABC123DEFG.p8). Default: taken from the file name.",
    };

    public Option<string> TeamId { get; } = new("--team-id")
    {
        HelpName = "id",
        Description = "The 10-character Team ID of the team that made the key (developer account → Membership details).",
        Required = true,
    };

    public Option<string> BundleId { get; } = new("--bundle-id")
    {
        HelpName = "id",
        Description = "The app's bundle id, e.g. com.example.app, without .voip: the push goes to the topic <bundle id>.voip.",
        Required = true,
    };

    public Option<string> Environment { get; } = new("--environment")
    {
        HelpName = "sandbox|production",
        Description = "sandbox for an app run from Xcode (development-signed), production for TestFlight and App Store builds.",
        DefaultValueFactory = _ => "production",
    };

    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        HelpName = "url",
        Description = "Send to this APNs-compatible server instead of Apple's hosts: a simulator (ringwire apns-sim), or Apple's port 2197 (https://api.push.apple.com:2197).",
    };

    public Option<string?> Ca { get; } = new("--ca")
    {
        HelpName = "pem-file",
        Description = "A CA certificate (PEM) to trust for --endpoint, e.g. the file `ringwire apns-sim --ca-out` wrote.",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Key, KeyId, TeamId, BundleId, Environment, Endpoint, Ca })
        {
            command.Options.Add(option);
        }
    }

    public AppleCredentials Read(ParseResult parsed) => new(
        parsed.GetValue(Key)!,
        parsed.GetValue(KeyId),
        parsed.GetValue(TeamId)!,
        parsed.GetValue(BundleId)!,
        parsed.GetValue(Environment)!,
        parsed.GetValue(Endpoint),
        parsed.GetValue(Ca));
}
