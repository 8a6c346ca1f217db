using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ringwire.Core;

namespace Ringwire.Push.Apns;

/// <summary>
/// Sends VoIP pushes and missed-call alerts to APNs over HTTP/2 with token authentication (contract §7). Every answer
/// becomes a <see cref="PushOutcome"/>; only a cancelled caller sees an exception.
/// </summary>
public sealed class ApnsSender : IPushSender, IDisposable
{
    private readonly ApnsSettings _settings;
    private readonly ApnsProviderToken _token;
    private readonly HttpClient[] _clients;
    private readonly string _productionPath;
    private readonly string _sandboxPath;
    private readonly string _expiration;
    private int _nextClient;

    public ApnsSender(ApnsSettings settings, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Connections, 1);
        _settings = settings;
        _token = new ApnsProviderToken(settings.KeyId, settings.TeamId, settings.SigningKey, time, settings.TokenLifetime);
        // One pool per connection: the handler opens a second connection only at the stream limit, but two
        // connections carry more than one well below it (bench/RESULTS.md).
        _clients = [.. Enumerable.Range(0, settings.Connections).Select(_ => new HttpClient(Handler(settings), disposeHandler: true) { Timeout = settings.RequestTimeout })];
        _productionPath = DevicePath(settings.EndpointFor(ApnsEnvironment.Production));
        _sandboxPath = DevicePath(settings.EndpointFor(ApnsEnvironment.Sandbox));
        _expiration = settings.Expiration.ToString(CultureInfo.InvariantCulture);
    }

    public async ValueTask<PushOutcome> SendAsync(PushMessage message, CancellationToken cancellationToken) =>
        (await SendAsync(message, detailed: false, cancellationToken)).Outcome;

    /// <summary>
    /// One push, with Apple's whole answer (apns-id, apns-unique-id, the body as sent, or why no answer came): for tools
    /// that show it to a person. Retried only as <see cref="SendAsync(PushMessage, CancellationToken)"/> does.
    /// </summary>
    public ValueTask<ApnsReply> SendForReplyAsync(PushMessage message, CancellationToken cancellationToken) =>
        SendAsync(message, detailed: true, cancellationToken);

    private async ValueTask<ApnsReply> SendAsync(PushMessage message, bool detailed, CancellationToken cancellationToken)
    {
        if (message.Kind is not (PushKind.Voip or PushKind.MissedCallAlert))
        {
            throw new ArgumentException($"APNs does not carry {message.Kind} pushes.", nameof(message));
        }

        var url = new Uri((message.Environment == ApnsEnvironment.Sandbox ? _sandboxPath : _productionPath) + message.Token, UriKind.Absolute);
        if ((message.BundleId ?? _settings.BundleId) is not { } bundleId)
        {
            return new ApnsReply { Outcome = new PushOutcome(PushResult.ConfigurationError, "NoBundleId"), Url = url };
        }

        var token = _token.Current;
        var reply = await SendOnceAsync(message, url, bundleId, token, detailed, cancellationToken);
        if (reply.Outcome.Reason == "ExpiredProviderToken")
        {
            // Contract §7: mint a new token and retry once (our clock or the cached token was stale).
            reply = await SendOnceAsync(message, url, bundleId, _token.Renew(token), detailed, cancellationToken);
        }

        return reply;
    }

    private async Task<ApnsReply> SendOnceAsync(PushMessage message, Uri url, string bundleId, string providerToken, bool detailed, CancellationToken cancellationToken)
    {
        using var request = Request(message, url, bundleId, providerToken);
        var client = _clients[(int)((uint)Interlocked.Increment(ref _nextClient) % (uint)_clients.Length)];
        try
        {
            // A 200 has no body (A2): only a refusal's few bytes are read, within the same time limit.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            var (apnsId, uniqueId) = detailed ? (Header(response, "apns-id"), Header(response, "apns-unique-id")) : default;
            if (status == 200)
            {
                return new ApnsReply { Outcome = PushOutcome.Delivered, Url = url, ApnsId = apnsId, ApnsUniqueId = uniqueId };
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_settings.RequestTimeout);
            var body = await response.Content.ReadAsByteArrayAsync(limit.Token);
            var (reason, timestamp) = ApnsAnswer.ReadBody(body);
            return new ApnsReply
            {
                Outcome = ApnsAnswer.ToOutcome(status, reason, timestamp),
                Url = url,
                ApnsId = apnsId,
                ApnsUniqueId = uniqueId,
                Body = detailed ? Encoding.UTF8.GetString(body) : null,
            };
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // No connection, so the request never left: safe to try again.
            return Failed(PushResult.Retryable, e.HttpRequestError.ToString(), url, Describe(e));
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            // An untrusted certificate or no common TLS version: a wrong Endpoint or CA, not bad luck.
            return Failed(PushResult.ConfigurationError, e.HttpRequestError.ToString(), url, Describe(e));
        }
        catch (HttpRequestException e)
        {
            return Failed(PushResult.Unconfirmed, e.HttpRequestError.ToString(), url, Describe(e));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(PushResult.Unconfirmed, "Timeout", url, $"no answer within {_settings.RequestTimeout.TotalSeconds:0} s");
        }
    }

    private static ApnsReply Failed(PushResult result, string reason, Uri url, string failure) =>
        new() { Outcome = new PushOutcome(result, reason), Url = url, Failure = failure };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The exception's message and its causes', which say what failed (e.g. "Connection refused").</summary>
    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (!parts.Any(p => p.Contains(current.Message, StringComparison.Ordinal)))
            {
                parts.Add(current.Message);
            }
        }

        return string.Join(" ", parts);
    }

    private HttpRequestMessage Request(PushMessage message, Uri url, string bundleId, string providerToken)
    {
        var voip = message.Kind == PushKind.Voip;
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ReadOnlyMemoryContent(message.Payload),
            // A1: HTTP/2 only. The client's defaults do not apply to a message built by hand, so say it here.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation("authorization", "bearer " + providerToken);
        headers.TryAddWithoutValidation("apns-id", Guid.NewGuid().ToString("D"));
        headers.TryAddWithoutValidation("apns-priority", "10");
        if (voip)
        {
            // A1: VoIP pushes go to the topic <bundle id>.voip with push type voip.
            headers.TryAddWithoutValidation("apns-push-type", "voip");
            headers.TryAddWithoutValidation("apns-topic", bundleId + ".voip");
            headers.TryAddWithoutValidation("apns-expiration", _expiration);
        }
        else
        {
            headers.TryAddWithoutValidation("apns-push-type", "alert");
            headers.TryAddWithoutValidation("apns-topic", bundleId);
            headers.TryAddWithoutValidation("apns-collapse-id", message.CallId.ToString("D"));
        }

        request.Content.Headers.TryAddWithoutValidation("content-type", "application/json");
        return request;
    }

    private static SocketsHttpHandler Handler(ApnsSettings settings) => new()
    {
        // A1: several connections are allowed "to improve performance"; one connection caps concurrency at its stream limit.
        EnableMultipleHttp2Connections = true,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = settings.ConnectTimeout,
        // A1: reuse a connection for hours; a ring must not wait for a new TLS handshake.
        PooledConnectionIdleTimeout = TimeSpan.FromHours(1),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        // Pings find a silently dead connection before a push is stuck on it.
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
        SslOptions = new SslClientAuthenticationOptions
        {
            // A1: TLS 1.2 or later. ALPN is the handler's: it offers only h2 for an exact HTTP/2 request.
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            RemoteCertificateValidationCallback = settings.CertificateAuthority is { } authority
                ? (_, certificate, chain, errors) => Trusts(authority, certificate, chain, errors)
                : null,
        },
    };

    /// <summary>The system's roots, or else <paramref name="authority"/> as the only extra root (a simulator's CA).</summary>
    private static bool Trusts(X509Certificate2 authority, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is not X509Certificate2 leaf)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(authority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(leaf);
    }

    private static string DevicePath(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Authority) + "/3/device/";

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
