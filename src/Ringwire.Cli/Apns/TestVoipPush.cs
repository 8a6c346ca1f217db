using Ringwire.Core;
using Ringwire.Push;

namespace Ringwire.Cli.Apns;

/// <summary>
/// The VoIP push the command line sends: the server's own body (Core's <see cref="PushPayloads"/>, contract §7) for a
/// made-up call, so the app under test sees exactly what a real call would bring.
/// </summary>
internal static class TestVoipPush
{
    public const string From = "ringwire-cli";

    /// <summary>Where the app is told to connect; nothing answers there, so the app finds no call and ends it.</summary>
    public const string NowhereConnectUrl = "wss://ringwire.invalid/v1/connect";

    private static readonly TimeSpan RingTime = TimeSpan.FromSeconds(30);

    public static PushMessage Create(ApnsTarget target, string token, string? callerName, string connectUrl, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var call = new Call
        {
            CallId = Guid.NewGuid(),
            From = From,
            To = "device",
            CallerName = callerName,
            CallerHandle = From,
            CreatedAt = now,
            RingUntil = now + RingTime,
            ClaimUntil = now + RingTime,
        };
        return new PushMessage(PushKind.Voip, call.CallId, From, "device", token, target.Environment, target.BundleId,
            PushPayloads.Voip(call, now, connectUrl));
    }

    /// <summary>A1 (path /3/device/&lt;hex&gt;) and contract §4: a PushKit token is 64–200 hex digits.</summary>
    public static string? TokenProblem(string token) =>
        token.Length is >= 64 and <= 200 && token.All(char.IsAsciiHexDigit)
            ? null
            : token.Any(c => c is ' ' or '<' or '>')
                ? "write the token as one run of hex digits, without spaces or <>"
                : $"a device token is 64 to 200 hex digits; this is {token.Length} characters{(token.All(char.IsAsciiHexDigit) ? "" : ", not all hex")}";

    /// <summary>A token in output: its start only, as in the server's logs.</summary>
    public static string Shorten(string token) => token.Length > 8 ? token[..8] + "…" : token;
}
