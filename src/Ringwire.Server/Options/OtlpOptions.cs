namespace Ringwire.Server.Options;

/// <summary>
/// <c>Ringwire:Otlp</c>: where the "Ringwire" meter (and ASP.NET Core's) is exported over OTLP. The standard
/// <c>OTEL_EXPORTER_OTLP_*</c> variables work too; with neither, nothing is exported and OpenTelemetry is not started.
/// </summary>
public sealed class OtlpOptions
{
    /// <summary>Base URL of an OTLP/HTTP receiver (http/protobuf), e.g. <c>http://collector:4318</c>; metrics go to its <c>/v1/metrics</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>How often metrics are exported; OpenTelemetry's default (<c>OTEL_METRIC_EXPORT_INTERVAL</c>, else 60 s) when absent.</summary>
    public int? ExportIntervalMilliseconds { get; set; }

    /// <summary>The URL metrics are posted to: <see cref="Endpoint"/> with <c>/v1/metrics</c>, as the standard variable has it.</summary>
    public Uri MetricsUri()
    {
        var endpoint = Endpoint!.TrimEnd('/');
        return new Uri(endpoint.EndsWith("/v1/metrics", StringComparison.Ordinal) ? endpoint : endpoint + "/v1/metrics");
    }
}
