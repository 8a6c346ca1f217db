using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ringwire.Core;

namespace Ringwire.Lab.Apns;

/// <summary>
/// An APNs provider API (HTTP/2 over TLS) on a local port, for tests and development: it validates, authenticates,
/// answers and delivers the way Apple does, as far as README.md in this folder says.
/// </summary>
public sealed class ApnsSimulator : IAsyncDisposable
{
    private readonly WebApplication _host;
    private readonly SimulatorCertificates _certificates;
    private readonly ApnsDirectory _directory;
    private readonly ExchangeLog _exchanges;
    private int _disposed;

    private ApnsSimulator(WebApplication host, Uri endpoint, SimulatorCertificates certificates, ApnsDirectory directory, ExchangeLog exchanges, ProviderConnections connections, ApnsFaults faults)
    {
        _host = host;
        _certificates = certificates;
        _directory = directory;
        _exchanges = exchanges;
        Connections = connections;
        Endpoint = endpoint;
        Faults = faults;
        CertificateAuthorityPem = certificates.Authority.ExportCertificatePem();
    }

    /// <summary>Raised for every exchange as it is recorded, on the request's thread: keep handlers short.</summary>
    public event EventHandler<ApnsExchange>? ExchangeRecorded;

    /// <summary>https://127.0.0.1:&lt;port&gt; (or the address listened on).</summary>
    public Uri Endpoint { get; }

    /// <summary>The CA that signed the server certificate; public part only.</summary>
    public X509Certificate2 CertificateAuthority => _certificates.Authority;

    /// <summary>The same CA as PEM, for a client's CA file.</summary>
    public string CertificateAuthorityPem { get; }

    public ApnsFaults Faults { get; }

    /// <summary>Every request and its answer, in arrival order; at most the latest 100,000.</summary>
    public IReadOnlyList<ApnsExchange> Exchanges => _exchanges.Snapshot();

    internal ProviderConnections Connections { get; }

    public static Task<ApnsSimulator> StartAsync(ApnsSimulatorOptions options, CancellationToken cancellationToken) =>
        StartAsync(options, ExchangeLog.DefaultCapacity, cancellationToken);

    internal static async Task<ApnsSimulator> StartAsync(ApnsSimulatorOptions options, int exchangeCapacity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Address);
        ArgumentNullException.ThrowIfNull(options.Time);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentStreams, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StaleConnectionWindow, TimeSpan.Zero);

        var time = options.Time;
        // TLS peers judge certificate validity by the real clock, whatever clock the simulator is given.
        var certificates = SimulatorCertificates.Create(options.Address, TimeProvider.System.GetUtcNow());
        var directory = new ApnsDirectory(time, options.StaleConnectionWindow);
        var exchanges = new ExchangeLog(exchangeCapacity);
        var connections = new ProviderConnections();
        var faults = new ApnsFaults();
        ApnsSimulator? simulator = null;
        var endpoint = new DeviceEndpoint(
            options.Environment,
            time,
            connections,
            new ProviderTokenGate(directory),
            new PushAcceptance(directory, options.Environment, options.AcceptUnknownDevices),
            new FaultStage(faults, new FaultDice(options.Seed)),
            exchanges,
            exchange => simulator?.ExchangeRecorded?.Invoke(simulator, exchange));

        WebApplication? host = null;
        try
        {
            host = Build(options, certificates.Server, connections, endpoint);
            await host.StartAsync(cancellationToken);
            simulator = new ApnsSimulator(host, EndpointOf(host, options.Address), certificates, directory, exchanges, connections, faults);
            return simulator;
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            directory.Dispose();
            certificates.Dispose();
            throw;
        }
    }

    /// <summary>Topics the team may push to: each bundle id and its ".voip" variant. Adding again adds more.</summary>
    public void AddTeam(string teamId, params string[] bundleIds)
    {
        ArgumentException.ThrowIfNullOrEmpty(teamId);
        ArgumentNullException.ThrowIfNull(bundleIds);
        _directory.AddTeam(teamId, bundleIds.Select(PushTopics.BundleIdOf));
    }

    /// <summary>The key that verifies provider tokens with this kid; only its public part is kept.</summary>
    public void AddKey(string keyId, string teamId, ECDsa publicKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentException.ThrowIfNullOrEmpty(teamId);
        ArgumentNullException.ThrowIfNull(publicKey);
        _directory.AddKey(new ProviderKey(keyId, teamId, publicKey));
    }

    /// <summary>
    /// A device token APNs knows, for one topic ("com.example.app.voip" for a PushKit token, "com.example.app" for an
    /// alert token) and one environment. Adding a token again replaces its device.
    /// </summary>
    public SimulatedDevice AddDevice(string token, string topic, ApnsEnvironment environment)
    {
        RequireWellFormed(token);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return _directory.AddDevice(token, topic, environment);
    }

    /// <summary>Later pushes to the token are answered 410 Unregistered with this moment as timestamp (ms).</summary>
    public void Unregister(string token, DateTimeOffset at)
    {
        RequireWellFormed(token);
        _directory.Unregister(token, at);
    }

    /// <summary>The first exchange, already recorded or still to come, that matches.</summary>
    public Task<ApnsExchange> WaitForExchangeAsync(Func<ApnsExchange, bool> match, CancellationToken cancellationToken) =>
        _exchanges.WaitAsync(match, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _host.StopAsync(CancellationToken.None);
        await _host.DisposeAsync();
        _directory.Dispose();
        _certificates.Dispose();
    }

    private static WebApplication Build(ApnsSimulatorOptions options, X509Certificate2 certificate, ProviderConnections connections, DeviceEndpoint endpoint)
    {
        // Its own configuration only: a simulator inside a server must not pick up that server's appsettings,
        // environment variables or file watchers.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Host settings are read before the sources can be cleared: these arguments, read last, blank the URLs and
            // ports an ASPNETCORE_* variable may set (the listen address is set below) and keep file watchers off.
            Args = ["--hostBuilder:reloadConfigOnChange=false", "--urls=", "--http_ports=", "--https_ports="],
            ApplicationName = typeof(ApnsSimulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // A failed start is thrown to the caller; the host's own log of it would only repeat it with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Services.AddSingleton<IHostLifetime, OwnerControlledLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.Http2.MaxStreamsPerConnection = options.MaxConcurrentStreams;
            kestrel.Listen(options.Address, options.Port, listen =>
            {
                // A1: HTTP/2 only; clients must negotiate h2 by ALPN.
                listen.Protocols = HttpProtocols.Http2;
                listen.Use(next => async connection =>
                {
                    connections.Open(connection.ConnectionId, connection.Features.Get<IConnectionLifetimeNotificationFeature>());
                    try
                    {
                        await next(connection);
                    }
                    finally
                    {
                        connections.Close(connection.ConnectionId);
                    }
                });
                listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate });
            });
        });

        var host = builder.Build();
        host.Run(endpoint.HandleAsync);
        return host;
    }

    private static Uri EndpointOf(WebApplication host, IPAddress address)
    {
        var bound = host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var port = new Uri(bound).Port;
        var reachable = address.Equals(IPAddress.Any) ? IPAddress.Loopback : address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : address;
        var hostName = reachable.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{reachable}]" : reachable.ToString();
        return new Uri($"https://{hostName}:{port}");
    }

    private static void RequireWellFormed(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!PushRequestReading.IsWellFormedToken(token))
        {
            throw new ArgumentException("A device token is 64 to 200 hex digits.", nameof(token));
        }
    }
}
