using System.Globalization;
using OrleansBackend.Api.Contracts;
using OrleansBackend.Runtime.Diagnostics.Prometheus;

namespace OrleansBackend.Api.Operations;

/// <summary>Sums and histograms over the samples of one /metrics answer.</summary>
public sealed class MetricSamples
{
    private static readonly HistogramResponse EmptyHistogram = new([], [], 0, 0);
    private readonly ILookup<string, PrometheusSample> _byName;

    public MetricSamples(IEnumerable<PrometheusSample> samples)
    {
        _byName = samples.ToLookup(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>Every sample of a name.</summary>
    public IEnumerable<PrometheusSample> this[string name] => _byName[name];

    /// <summary>Every sample name.</summary>
    public IEnumerable<string> Names => _byName.Select(g => g.Key);

    /// <summary>The sum of the samples of <paramref name="name"/> that match.</summary>
    public double Sum(string name, Func<PrometheusSample, bool>? where = null)
    {
        var sum = 0.0;
        foreach (var sample in _byName[name])
        {
            if (where is null || where(sample))
            {
                sum += sample.Value;
            }
        }

        return sum;
    }

    /// <summary>True when any sample has this name.</summary>
    public bool Has(string name) => _byName.Contains(name);

    /// <summary>The histogram <paramref name="family"/> summed over the label sets that match.</summary>
    public HistogramResponse Histogram(string family, Func<PrometheusSample, bool>? where = null)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var sample in _byName[family + "_bucket"])
        {
            if (where is not null && !where(sample))
            {
                continue;
            }

            var bound = sample.Label("le") == "+Inf" ? double.PositiveInfinity : double.Parse(sample.Label("le"), CultureInfo.InvariantCulture);
            buckets[bound] = buckets.GetValueOrDefault(bound) + sample.Value;
        }

        if (buckets.Count == 0)
        {
            return EmptyHistogram;
        }

        return new HistogramResponse(
            [.. buckets.Keys.Where(double.IsFinite)],
            [.. buckets.Values],
            Sum(family + "_sum", where),
            Sum(family + "_count", where));
    }
}
