using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace MetaAnalysis.Tests.Telemetry;

/// <summary>Records what the instruments of one meter measure, as an OpenTelemetry reader would see it.</summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<Measurement> measurements = new();

    public MeasurementRecorder(Meter meter)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();
    }

    /// <summary>Reads the observable instruments (gauges) now.</summary>
    public void Observe() => listener.RecordObservableInstruments();

    /// <summary>The measurements of the instrument named <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<Measurement> Of(string name) => measurements.Where(m => m.Instrument == name).ToList();

    public void Dispose() => listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString(), StringComparer.Ordinal)));

    /// <summary>One measurement with its tags.</summary>
    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);
}
