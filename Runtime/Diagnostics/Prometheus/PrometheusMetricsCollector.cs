using System.Diagnostics.Metrics;

namespace OrleansBackend.Runtime.Diagnostics.Prometheus;

/// <summary>
/// Collects this host's metrics with a <see cref="MeterListener"/> and renders them in the Prometheus text
/// exposition format: every meter whose name starts with <c>OrleansBackend</c>, the ASP.NET Core meters (HTTP
/// requests by route and status, Kestrel connections, rate limiting, exceptions) and <c>System.Runtime</c>
/// (CPU, memory, GC, thread pool). Meters another host in the same process created through its own
/// <see cref="IMeterFactory"/> are left out, so in-process test clusters keep their silos apart.
/// </summary>
public sealed class PrometheusMetricsCollector : IDisposable
{
    /// <summary>The media type of the exposition.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly string[] ExportedMeterPrefixes = ["OrleansBackend"];

    private static readonly string[] ExportedMeters =
    [
        "System.Runtime",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Diagnostics",
    ];

    private readonly object _meterFactory;
    private readonly MeterListener _listener;
    private readonly object _scrapeLock = new();
    private readonly Dictionary<Instrument, InstrumentState> _instruments = [];
    private readonly ScrapeGeneration _scrape = new();

    /// <summary>Starts listening to the meters of the host whose meter factory is <paramref name="meterFactory"/>.</summary>
    public PrometheusMetricsCollector(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meterFactory = meterFactory;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<double>(static (instrument, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<float>(static (instrument, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<long>(static (instrument, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<int>(static (instrument, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<short>(static (instrument, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (instrument, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (instrument, value, tags, state) => Record(state, (double)value, tags));
        _listener.Start();
    }

    /// <summary>The metric family names exposed now (instruments that were created, measured or not).</summary>
    public IReadOnlyCollection<string> FamilyNames
    {
        get
        {
            lock (_instruments)
            {
                return _instruments.Values.Select(i => i.FamilyName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>True for the meters this collector exports (by name; scope is checked separately).</summary>
    public static bool IsExportedMeter(string meterName)
    {
        foreach (var prefix in ExportedMeterPrefixes)
        {
            if (meterName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return Array.IndexOf(ExportedMeters, meterName) >= 0;
    }

    /// <summary>Reads the observable instruments and renders every family in the text exposition format.</summary>
    public string Collect()
    {
        lock (_scrapeLock)
        {
            var generation = _scrape.Advance();
            _listener.RecordObservableInstruments();
            InstrumentState[] instruments;
            lock (_instruments)
            {
                instruments = [.. _instruments.Values];
            }

            return PrometheusTextWriter.Write(instruments, generation);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private static void Record(object? state, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        ((InstrumentState)state!).Record(value, tags);

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        var meter = instrument.Meter;
        if (!IsExportedMeter(meter.Name) || (meter.Scope is not null && !ReferenceEquals(meter.Scope, _meterFactory)))
        {
            return;
        }

        if (InstrumentState.Create(instrument, _scrape) is not { } state)
        {
            return;
        }

        lock (_instruments)
        {
            _instruments[instrument] = state;
        }

        listener.EnableMeasurementEvents(instrument, state);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        lock (_instruments)
        {
            _instruments.Remove(instrument);
        }
    }
}
