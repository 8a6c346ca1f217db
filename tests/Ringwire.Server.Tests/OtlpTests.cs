using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ringwire.Server.Observability;
using Ringwire.Server.Tests.Infrastructure;

namespace Ringwire.Server.Tests;

/// <summary>Metrics exported over OTLP (http/protobuf) to a receiver on loopback, when configured, and only then.</summary>
public sealed class OtlpTests
{
    [Fact]
    public async Task WithRingwireOtlpEndpoint_AnEndedCallReachesTheReceiver_AsRingwireCallsEnded()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var host = await RingwireHost.StartAsync(new Dictionary<string, string?>
        {
            ["Ringwire:Otlp:Endpoint"] = receiver.BaseAddress.ToString(),
            ["Ringwire:Otlp:ExportIntervalMilliseconds"] = "100",
        });
        await using var other = await RingwireHost.StartAsync();
        var alice = await host.UserAsync("alice");
        var bob = await host.UserAsync("bob");
        await host.RegisterWebDeviceAsync(bob, "b-web");
        await using var bobs = await host.ConnectReadyAsync(bob, "b-web");
        // A call on another server in this process, to nobody: it ends unreachable/no_devices there.
        await other.PlaceCallAsync(await other.UserAsync("alice"), "nobody");

        var callId = (await host.PlaceCallAsync(alice, "bob")).Str("callId")!;
        (await host.ActAsync(alice, callId, "end", null)).Expect(HttpStatusCode.OK);

        await receiver.WaitForBodyWithAsync("ringwire.calls.ended", "caller_cancelled", "ringwire").DefaultTimeout();
        // Only this server's instruments are exported, though the other's meter has the same name.
        Assert.False(receiver.AnyBodyWith("no_devices"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithTheStandardOtelVariables_MetricsAreExportedThere_UnderTheirServiceName(bool metricsOwnVariables)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        // What OTEL_* environment variables put in the configuration: the endpoint for every signal (the exporter adds
        // /v1/metrics), or the metrics' own, used as it is.
        var settings = metricsOwnVariables
            ? new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = new Uri(receiver.BaseAddress, "/v1/metrics").ToString(),
                ["OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"] = "http/protobuf",
            }
            : new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.BaseAddress.ToString(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            };
        settings["OTEL_METRIC_EXPORT_INTERVAL"] = "100";
        settings["OTEL_SERVICE_NAME"] = "ringwire-otel-test";
        await using var host = await RingwireHost.StartAsync(settings);
        var alice = await host.UserAsync("alice");

        // A call to nobody ends unreachable/no_devices at once.
        await host.PlaceCallAsync(alice, "nobody");

        await receiver.WaitForBodyWithAsync("ringwire.calls.ended", "no_devices", "ringwire-otel-test").DefaultTimeout();
    }

    [Fact]
    public async Task WithoutConfiguration_NothingIsExported()
    {
        await using var host = await RingwireHost.StartAsync();

        var export = host.Services.GetServices<IHostedService>().OfType<OtlpMetricsExport>().Single();

        Assert.False(export.Exporting);
    }

    [Fact]
    public async Task Start_WithABadOtlpEndpoint_SaysSoInPlainWords()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => RingwireHost.StartAsync(new Dictionary<string, string?>
        {
            ["Ringwire:Otlp:Endpoint"] = "collector:4318",
            ["Ringwire:Otlp:ExportIntervalMilliseconds"] = "0",
        }));

        Assert.Contains(error.Failures, f => f.StartsWith("Ringwire:Otlp:Endpoint 'collector:4318' is not an absolute http(s) URL", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Ringwire:Otlp:ExportIntervalMilliseconds", StringComparison.Ordinal));
    }
}
