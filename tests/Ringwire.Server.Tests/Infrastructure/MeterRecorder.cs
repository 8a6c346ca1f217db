using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Ringwire.Server.Tests.Infrastructure;

/// <summary>
/// Every measurement on the "Ringwire" meter of the given hosts, and only theirs: other tests' servers run in parallel
/// with meters of the same name, each made by its own host's meter factory.
/// </summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public MeterRecorder(params RingwireHost[] hosts)
    {
        var factories = hosts.Select(h => (Factory: (object)h.Services.GetRequiredService<IMeterFactory>(), Host: h)).ToArray();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Ringwire" && factories.Any(f => ReferenceEquals(f.Factory, instrument.Meter.Scope)))
            {
                listener.EnableMeasurementEvents(instrument, factories.First(f => ReferenceEquals(f.Factory, instrument.Meter.Scope)).Host);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, host) => Record(i, v, tags, host));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, host) => Record(i, v, tags, host));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, host) => Record(i, v, tags, host));
        _listener.Start();
    }

    public IReadOnlyList<Measurement> Of(string instrument, RingwireHost? host = null) =>
        [.. _measurements.Where(m => m.Instrument == instrument && (host is null || m.Host == host))];

    /// <summary>The sum of an instrument's measurements whose tags include every one of <paramref name="tags"/>.</summary>
    public double Sum(string instrument, params (string Key, string? Value)[] tags) =>
        Of(instrument).Where(m => tags.All(t => Equals(m.Tags.GetValueOrDefault(t.Key), t.Value))).Sum(m => m.Value);

    /// <summary>Reads the observable instruments now; their values join the measurements.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>The value an observable instrument reports now.</summary>
    public double Current(string instrument)
    {
        var before = Of(instrument).Count;
        Observe();
        return Assert.Single(Of(instrument).Skip(before)).Value;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? host)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var (key, tagValue) in tags)
        {
            copy[key] = tagValue;
        }

        _measurements.Enqueue(new Measurement(instrument.Name, value, copy, (RingwireHost?)host));
    }

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags, RingwireHost? Host);
}
