using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Ringwire.Push.Apns;
using Ringwire.Server.Logging;
using Ringwire.Server.Options;

namespace Ringwire.Server.Observability;

/// <summary>
/// At start-up, with an Apple key configured: the key must sign a provider token (the ES256 JWT of every push) that
/// its own public key verifies. Start-up validation already refused a key that does not load; this proves it signs,
/// so <c>/readyz</c> can say whether pushes can work before the first one is sent. Whether Apple accepts the key, team
/// and topic only a push can tell (<see cref="PushServiceHealth"/>).
/// </summary>
internal sealed class ApnsCredentialCheck(IOptions<RingwireOptions> options, PushServiceHealth health, TimeProvider time,
    ILogger<ApnsCredentialCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var apns = options.Value.Apns;
        if (apns.HasKey)
        {
            var settings = apns.ToSettings();
            using var key = settings.SigningKey;
            if (Problem(settings, time) is { } problem)
            {
                ObservabilityLog.ApnsCredentialsUnusable(logger, problem);
                health.CredentialsUnusable(problem);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Null when <paramref name="settings"/>' key signs a provider token that verifies; otherwise why not.</summary>
    public static string? Problem(ApnsSettings settings, TimeProvider time)
    {
        try
        {
            var token = new ApnsProviderToken(settings.KeyId, settings.TeamId, settings.SigningKey, time, settings.TokenLifetime).Current;
            var signed = token[..token.LastIndexOf('.')];
            var signature = Base64Url.DecodeFromChars(token.AsSpan(token.LastIndexOf('.') + 1));
            return settings.SigningKey.VerifyData(Encoding.ASCII.GetBytes(signed), signature, HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
                ? null
                : $"Ringwire:Apns key {settings.KeyId} signed a provider token that its own public key does not verify.";
        }
        catch (CryptographicException e)
        {
            return $"Ringwire:Apns key {settings.KeyId} cannot sign a provider token: {e.Message}";
        }
    }
}
