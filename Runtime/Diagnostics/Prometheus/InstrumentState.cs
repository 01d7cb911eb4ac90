using System.Diagnostics.Metrics;

namespace OrleansBackend.Runtime.Diagnostics.Prometheus;

/// <summary>
/// What the collector keeps for one instrument: its Prometheus family name and type, how a measurement is folded
/// in (added, set, or counted into buckets), and its series by label set.
/// </summary>
internal sealed class InstrumentState
{
    private readonly SeriesTable _series;
    private readonly double _scale;
    private readonly Recording _recording;
    private readonly ScrapeGeneration _scrape;

    private InstrumentState(Instrument instrument, MetricKind kind, Recording recording, ScrapeGeneration scrape)
    {
        Instrument = instrument;
        _scrape = scrape;
        Kind = kind;
        _recording = recording;
        _scale = PrometheusNaming.UnitScale(instrument.Unit);
        FamilyName = PrometheusNaming.MetricName(instrument.Name, instrument.Unit, kind);
        Help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
        Bounds = kind == MetricKind.Histogram ? HistogramBuckets.For(instrument, _scale) : [];
        _series = new SeriesTable(Bounds.Length);
    }

    private enum Recording
    {
        /// <summary>Synchronous sums: each measurement is a delta.</summary>
        Add,

        /// <summary>Observables and gauges: each measurement is the current value.</summary>
        Set,

        /// <summary>Histograms.</summary>
        Observe,
    }

    public Instrument Instrument { get; }

    public MetricKind Kind { get; }

    public string FamilyName { get; }

    public string Help { get; }

    /// <summary>Histogram bucket upper bounds in the exposed unit (empty for other kinds).</summary>
    public double[] Bounds { get; }

    /// <summary>True when series are reported at each scrape (those missing from the last one are stale).</summary>
    public bool IsObservable => Instrument.IsObservable;

    /// <summary>The collector's state for a supported instrument, or null for an instrument type it does not know.</summary>
    public static InstrumentState? Create(Instrument instrument, ScrapeGeneration scrape)
    {
        if (!instrument.GetType().IsGenericType)
        {
            return null;
        }

        var definition = instrument.GetType().GetGenericTypeDefinition();
        if (definition == typeof(Counter<>))
        {
            return new InstrumentState(instrument, MetricKind.Counter, Recording.Add, scrape);
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return new InstrumentState(instrument, MetricKind.Gauge, Recording.Add, scrape);
        }

        if (definition == typeof(ObservableCounter<>))
        {
            return new InstrumentState(instrument, MetricKind.Counter, Recording.Set, scrape);
        }

        if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>))
        {
            return new InstrumentState(instrument, MetricKind.Gauge, Recording.Set, scrape);
        }

        if (definition == typeof(Histogram<>))
        {
            return new InstrumentState(instrument, MetricKind.Histogram, Recording.Observe, scrape);
        }

        return null;
    }

    public void Record(double measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var value = measurement * _scale;
        var series = _series.Get(tags);
        switch (_recording)
        {
            case Recording.Add:
                series.Add(value);
                break;
            case Recording.Set:
                series.Set(value, _scrape.Current);
                break;
            default:
                series.Observe(value, Bounds);
                break;
        }
    }

    /// <summary>The series to expose after a scrape of generation <paramref name="generation"/>.</summary>
    public IEnumerable<MetricSeries> Series(long generation)
    {
        foreach (var series in _series.Snapshot())
        {
            if (!IsObservable || series.Generation == generation)
            {
                yield return series;
            }
        }
    }
}
