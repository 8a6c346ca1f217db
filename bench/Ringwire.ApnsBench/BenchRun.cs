using System.Security.Cryptography.X509Certificates;
using Ringwire.Core;
using Ringwire.Push;
using Ringwire.Push.Apns;

namespace Ringwire.ApnsBench;

/// <summary>Warm-up, then the measured pushes, through one <see cref="ApnsSender"/> as the server configures it.</summary>
internal sealed class BenchRun(BenchOptions options)
{
    public async Task<int> RunAsync(CancellationToken stop)
    {
        using var key = ApnsPrivateKey.FromPem(await File.ReadAllTextAsync(options.KeyFile!, stop));
        using var authority = options.CaPath is null ? null : X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(options.CaPath, stop));
        var settings = new ApnsSettings
        {
            KeyId = options.KeyId!,
            TeamId = options.TeamId!,
            SigningKey = key,
            BundleId = options.BundleId,
            Endpoint = options.Endpoint,
            CertificateAuthority = authority,
            Expiration = 0,
        };
        using var sender = new ApnsSender(settings, TimeProvider.System);
        var body = BenchPayload.Voip();
        var message = new PushMessage(
            PushKind.Voip, BenchPayload.CallId, "load-callee-42", "iphone", options.Token, ApnsEnvironment.Sandbox, BundleId: null, body);

        WindowResult? warmup = null;
        if (options.Warmup > 0)
        {
            warmup = await new PushWindow(sender, message, options.Warmup).RunAsync(options.Concurrency, stop);
            if (warmup.Delivered == 0)
            {
                await Console.Error.WriteLineAsync($"ringwire-apns-bench: no warm-up push was delivered: {string.Join(", ", warmup.Errors.Keys)}");
                return 1;
            }
        }

        var result = await new PushWindow(sender, message, options.Count).RunAsync(options.Concurrency, stop);
        var report = BenchReport.Create(options, body.Length, warmup, result);
        report.WriteText(Console.Out);
        if (options.JsonPath is not null)
        {
            await report.WriteJsonAsync(options.JsonPath, CancellationToken.None);
        }

        return report.ErrorTotal == 0 && report.Sent == options.Count ? 0 : 1;
    }

    /// <summary>One provider token as the sender would send it, for a client that cannot mint its own (h2load).</summary>
    public static async Task<string> ProviderTokenAsync(BenchOptions options)
    {
        using var key = ApnsPrivateKey.FromPem(await File.ReadAllTextAsync(options.KeyFile!));
        return new ApnsProviderToken(options.KeyId!, options.TeamId!, key, TimeProvider.System, ApnsProviderToken.LongestLifetime).Current;
    }
}
