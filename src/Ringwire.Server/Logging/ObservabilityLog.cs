namespace Ringwire.Server.Logging;

/// <summary>Metrics export and readiness checks: event ids 6000–6099.</summary>
internal static partial class ObservabilityLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, EventName = "OtlpExporting",
        Message = "Exporting metrics (meters {Meters}) over OTLP to {Endpoint} ({Protocol}) every {IntervalMs} ms.")]
    public static partial void OtlpExporting(ILogger logger, string meters, string endpoint, string protocol, int intervalMs);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, EventName = "ApnsCredentialsUnusable",
        Message = "The Apple key cannot be used, so no VoIP push can be sent: {Problem}")]
    public static partial void ApnsCredentialsUnusable(ILogger logger, string problem);
}
