using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Ringwire.Server.Cluster;
using Ringwire.Server.Logging;
using Ringwire.Server.Options;

namespace Ringwire.Server.Observability;

/// <summary>
/// The OpenTelemetry SDK set up to export this server's meters over OTLP. The only type that touches OpenTelemetry,
/// so that its assemblies load only when export is configured.
/// </summary>
internal static class OtlpMetricsPipeline
{
    /// <summary>Ringwire's meter, and ASP.NET Core's own (requests, Kestrel connections, rate limiting): free when nobody listens.</summary>
    public static readonly string[] Meters =
        [PushMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting"];

    public static IDisposable Start(IServiceProvider services, IConfiguration configuration, OtlpOptions otlp)
    {
        var meters = services.GetRequiredService<IMeterFactory>();
        var node = services.GetRequiredService<NodeId>();
        var (endpoint, protocol, interval) = ("", "", 0);
        var sdk = OpenTelemetrySdk.Create(builder =>
        {
            // The app's configuration, environment variables included: OTEL_* keys work from any configuration source.
            builder.Services.AddSingleton(configuration);
            builder.ConfigureResource(resource =>
            {
                if (string.IsNullOrEmpty(configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService("ringwire", serviceInstanceId: node.Value);
                }
            });
            builder.WithMetrics(metrics => metrics
                .AddMeter(Meters)
                // Only this server's instruments: another server in the same process (tests, a host running two) has
                // meters of the same names, made by its own factory.
                .AddView(instrument => ReferenceEquals(instrument.Meter.Scope, meters) ? null : MetricStreamConfiguration.Drop)
                .AddOtlpExporter((exporter, reader) =>
                {
                    if (!string.IsNullOrEmpty(otlp.Endpoint))
                    {
                        exporter.Endpoint = otlp.MetricsUri();
                        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                    }
                    else if (Uri.TryCreate(configuration["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"], UriKind.Absolute, out var metricsEndpoint))
                    {
                        // The signal's own variables, which AddOtlpExporter leaves to UseOtlpExporter; its endpoint is used as it is.
                        exporter.Endpoint = metricsEndpoint;
                        if (configuration["OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"] is { Length: > 0 } metricsProtocol)
                        {
                            exporter.Protocol = metricsProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                        }
                    }

                    if (otlp.ExportIntervalMilliseconds is { } milliseconds)
                    {
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = milliseconds;
                    }

                    (endpoint, protocol, interval) = (exporter.Endpoint.ToString(), exporter.Protocol.ToString(),
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds ?? 60_000);
                }));
        });
        ObservabilityLog.OtlpExporting(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OtlpMetricsExport)),
            string.Join(", ", Meters), endpoint, protocol, interval);
        return sdk;
    }

    /// <summary>Exports what was measured since the last export, waiting at most <paramref name="timeout"/>, and stops.</summary>
    public static void Stop(IDisposable pipeline, TimeSpan timeout)
    {
        var sdk = (OpenTelemetrySdk)pipeline;
        sdk.MeterProvider.Shutdown((int)timeout.TotalMilliseconds);
        sdk.Dispose();
    }
}
