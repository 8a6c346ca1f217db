using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Ringwire.Core;
using Ringwire.Lab;
using Ringwire.Push.Apns;

namespace Ringwire.Cli.Apns;

/// <summary>
/// What can be checked without asking Apple: the key file, the ids' shape, the bundle id, the environment. Every check
/// runs, so that all mistakes are reported at once.
/// </summary>
internal static partial class CredentialChecks
{
    public static (IReadOnlyList<CheckLine> Lines, ApnsTarget? Target) Run(AppleCredentials given)
    {
        var lines = new List<CheckLine>();
        var path = Path.GetFullPath(given.KeyPath);
        var key = LoadKey(path, given.KeyPath, lines);
        var keyId = CheckKeyId(given.KeyId, AuthKeyFile.KeyIdFromName(path), lines);
        CheckTeamId(given.TeamId, keyId, lines);
        CheckBundleId(given.BundleId, lines);
        var environment = CheckEnvironment(given.Environment, lines);
        var endpoint = CheckEndpoint(given.Endpoint, lines);
        var authority = LoadAuthority(given.CaPath, lines);
        if (environment is { } known)
        {
            var host = endpoint ?? (known == ApnsEnvironment.Sandbox ? ApnsSettings.SandboxEndpoint : ApnsSettings.ProductionEndpoint);
            var name = known == ApnsEnvironment.Sandbox ? "sandbox" : "production";
            lines.Add(CheckLine.Ok($"environment {name}: pushes go to {host.GetLeftPart(UriPartial.Authority)}"));
        }

        if (lines.Any(l => !l.Passed) || key is null || keyId is null || environment is null)
        {
            key?.Dispose();
            authority?.Dispose();
            return (lines, null);
        }

        return (lines, new ApnsTarget(keyId, given.TeamId, given.BundleId, environment.Value, key, endpoint, authority));
    }

    private static ECDsa? LoadKey(string path, string typed, List<CheckLine> lines)
    {
        if (!File.Exists(path))
        {
            lines.Add(CheckLine.Fail($"key file {typed}: no such file",
                "Give the path of the .p8 file downloaded from the developer account (Keys; Apple lets you download it once)."));
            return null;
        }

        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lines.Add(CheckLine.Fail($"key file {typed}: cannot be read ({e.Message})"));
            return null;
        }

        if (!PemEncoding.TryFind(pem, out var fields))
        {
            lines.Add(CheckLine.Fail($"key file {typed}: not a PEM file",
                "A .p8 file is text that starts with -----BEGIN PRIVATE KEY-----: use the file as Apple's download gave it."));
            return null;
        }

        var label = pem[fields.Label];
        var problem = label switch
        {
            "PRIVATE KEY" => null,
            "EC PRIVATE KEY" => ("an EC key in SEC1 PEM (BEGIN EC PRIVATE KEY), not Apple's PKCS#8 .p8",
                "Use the .p8 as downloaded, or convert it: openssl pkcs8 -topk8 -nocrypt -in key.pem -out AuthKey_KEYID.p8"),
            "ENCRYPTED PRIVATE KEY" => ("an encrypted private key; Apple's .p8 files are not encrypted",
                "Use the .p8 as downloaded, or decrypt it: openssl pkcs8 -in key.p8 -out AuthKey_KEYID.p8"),
            "PUBLIC KEY" => ("a public key only; tokens are signed with the private key",
                "Use the .p8 file downloaded from the developer account (Keys)."),
            "CERTIFICATE" => ("a certificate, which is for certificate-based APNs; Ringwire signs tokens with a .p8 key",
                "Create a key with Apple Push Notifications service enabled (developer account → Keys) and download its .p8."),
            _ => ((string, string)?)($"a PEM '{label}', not a private key", "Use the .p8 file downloaded from the developer account (Keys)."),
        };
        if (problem is var (text, remedy))
        {
            lines.Add(CheckLine.Fail($"key file {typed}: {text}", remedy));
            return null;
        }

        try
        {
            var key = ApnsPrivateKey.FromPem(pem);
            lines.Add(CheckLine.Ok($"key file {typed}: an EC P-256 private key in PKCS#8 PEM, as Apple's .p8 files are"));
            return key;
        }
        catch (FormatException e)
        {
            // A3: APNs supports only ES256, so only P-256 EC keys can sign its tokens.
            lines.Add(CheckLine.Fail($"key file {typed}: {e.Message}", "APNs keys are P-256 EC keys (ES256): download the APNs key (.p8) again."));
            return null;
        }
    }

    private static string? CheckKeyId(string? typed, string? fromName, List<CheckLine> lines)
    {
        var keyId = typed ?? fromName;
        if (keyId is null)
        {
            lines.Add(CheckLine.Fail("key id: not given, and the key file is not named AuthKey_<KEYID>.p8",
                "Give --key-id: the 10-character id shown with the key in the developer account (Keys)."));
            return null;
        }

        if (ShapeProblem(keyId) is { } shape)
        {
            lines.Add(CheckLine.Fail($"key id '{keyId}': {shape}", "The key id is shown with the key in the developer account (Keys), and is in its file name AuthKey_<KEYID>.p8."));
            return null;
        }

        if (typed is not null && fromName is not null && !string.Equals(typed, fromName, StringComparison.Ordinal))
        {
            lines.Add(CheckLine.Fail($"key id {typed}: the key file is named for key {fromName}",
                $"Apple names each key's download AuthKey_<KEYID>.p8: give --key-id {fromName}, or the file of key {typed}."));
            return null;
        }

        var source = typed is null ? " (from the file name)" : fromName is not null ? " (matches the file name)" : "";
        lines.Add(CheckLine.Ok($"key id {keyId}{source}"));
        return keyId;
    }

    private static void CheckTeamId(string teamId, string? keyId, List<CheckLine> lines)
    {
        if (ShapeProblem(teamId) is { } shape)
        {
            lines.Add(CheckLine.Fail($"team id '{teamId}': {shape}", "The Team ID is in the developer account under Membership details."));
        }
        else if (teamId == keyId)
        {
            lines.Add(CheckLine.Fail($"team id {teamId}: the same as the key id",
                "The team id is the team's (Membership details), not the key's."));
        }
        else
        {
            lines.Add(CheckLine.Ok($"team id {teamId}"));
        }
    }

    private static void CheckBundleId(string bundleId, List<CheckLine> lines)
    {
        if (bundleId.EndsWith(".voip", StringComparison.OrdinalIgnoreCase))
        {
            // apns-protocol.md §5.4: a library that adds .voip itself, given a bundle id with .voip, pushes to
            // .voip.voip and APNs refuses it; Ringwire adds .voip too.
            lines.Add(CheckLine.Fail($"bundle id {bundleId}: ends in .voip",
                $"Give the app's bundle id, {bundleId[..^".voip".Length]}: Ringwire pushes to <bundle id>.voip itself."));
        }
        else if (!BundleIdPattern().IsMatch(bundleId))
        {
            lines.Add(CheckLine.Fail($"bundle id '{bundleId}': not a reverse-DNS bundle id like com.example.app",
                "Copy it from Xcode (the target → General → Bundle Identifier): letters, digits, '-' and '.'."));
        }
        else
        {
            lines.Add(CheckLine.Ok($"bundle id {bundleId}: VoIP pushes go to the topic {bundleId}.voip"));
        }
    }

    private static ApnsEnvironment? CheckEnvironment(string environment, List<CheckLine> lines)
    {
        switch (environment.ToLowerInvariant())
        {
            case "sandbox":
                return ApnsEnvironment.Sandbox;
            case "production":
                return ApnsEnvironment.Production;
            case "development":
                lines.Add(CheckLine.Fail("environment 'development': Ringwire calls Apple's development environment sandbox",
                    "Use --environment sandbox."));
                return null;
            default:
                lines.Add(CheckLine.Fail($"environment '{environment}': neither sandbox nor production",
                    "sandbox for an app run from Xcode, production for TestFlight and App Store builds."));
                return null;
        }
    }

    private static Uri? CheckEndpoint(string? endpoint, List<CheckLine> lines)
    {
        if (endpoint is null)
        {
            return null;
        }

        if (Uri.TryCreate(endpoint, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps)
        {
            return url;
        }

        // A1: APNs is HTTP/2 over TLS only.
        lines.Add(CheckLine.Fail($"endpoint '{endpoint}': not an https:// URL", "APNs, and its simulator, speak HTTP/2 over TLS: give https://host:port."));
        return null;
    }

    private static X509Certificate2? LoadAuthority(string? path, List<CheckLine> lines)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            var authority = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            lines.Add(CheckLine.Ok($"CA certificate {path}: {authority.Subject}"));
            return authority;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or FormatException or CryptographicException)
        {
            lines.Add(CheckLine.Fail($"CA certificate {path}: cannot be used ({e.Message})", "Give a PEM certificate, e.g. the file `ringwire apns-sim --ca-out` wrote."));
            return null;
        }
    }

    /// <summary>A3: the key id (kid) and the team id (iss) are 10-character strings; Apple's use A-Z and 0-9.</summary>
    private static string? ShapeProblem(string id) => AppleIdPattern().IsMatch(id)
        ? null
        : AppleIdPattern().IsMatch(id.ToUpperInvariant())
            ? $"Apple's ids are upper case: {id.ToUpperInvariant()}"
            : "not 10 characters of A-Z and 0-9";

    [GeneratedRegex("^[A-Z0-9]{10}$")]
    private static partial Regex AppleIdPattern();

    // Apple's CFBundleIdentifier: letters, digits, hyphens and periods, in reverse-DNS form (at least one period).
    [GeneratedRegex("^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$")]
    private static partial Regex BundleIdPattern();
}
