using Microsoft.Extensions.Options;
using Ringwire.Server.Options;

namespace Ringwire.Server.Observability;

/// <summary>
/// Exports metrics over OTLP while the server runs, when <c>Ringwire:Otlp:Endpoint</c> or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> / <c>OTEL_EXPORTER_OTLP_METRICS_ENDPOINT</c> is set (and <c>OTEL_SDK_DISABLED</c>
/// is not true). Otherwise it does nothing: OpenTelemetry is not even loaded.
/// </summary>
/// <remarks>
/// A hosted service of its own because OpenTelemetry.Extensions.Hosting is not available here: the SDK is started and
/// stopped with the server, and stopping exports what was measured last.
/// </remarks>
internal sealed class OtlpMetricsExport(IServiceProvider services, IConfiguration configuration, IOptions<RingwireOptions> options) : IHostedService
{
    private static readonly TimeSpan LastExportTimeout = TimeSpan.FromSeconds(5);

    private IDisposable? _pipeline;

    /// <summary>Whether metrics are being exported.</summary>
    public bool Exporting => _pipeline is not null;

    public static bool IsConfigured(IConfiguration configuration, OtlpOptions otlp) =>
        !string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase)
        && (!string.IsNullOrEmpty(otlp.Endpoint)
            || !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"]));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsConfigured(configuration, options.Value.Otlp))
        {
            _pipeline = OtlpMetricsPipeline.Start(services, configuration, options.Value.Otlp);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _pipeline, null) is { } pipeline)
        {
            OtlpMetricsPipeline.Stop(pipeline, LastExportTimeout);
        }

        return Task.CompletedTask;
    }
}
