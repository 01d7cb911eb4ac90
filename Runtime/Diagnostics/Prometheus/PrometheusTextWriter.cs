using System.Globalization;
using System.Text;

namespace OrleansBackend.Runtime.Diagnostics.Prometheus;

/// <summary>
/// Renders instruments in the Prometheus text exposition format (version 0.0.4): one family per name with
/// <c># HELP</c> and <c># TYPE</c>, families in name order. Instruments that share a family name (one meter
/// created twice) are merged series by series; one whose type or buckets differ from the first is left out.
/// </summary>
internal static class PrometheusTextWriter
{
    public static string Write(IReadOnlyList<InstrumentState> instruments, long generation)
    {
        var families = new SortedDictionary<string, List<InstrumentState>>(StringComparer.Ordinal);
        foreach (var instrument in instruments)
        {
            if (!families.TryGetValue(instrument.FamilyName, out var members))
            {
                families[instrument.FamilyName] = members = [];
            }

            var first = members.Count > 0 ? members[0] : null;
            if (first is null || (first.Kind == instrument.Kind && first.Bounds.AsSpan().SequenceEqual(instrument.Bounds)))
            {
                members.Add(instrument);
            }
        }

        var builder = new StringBuilder(16 * 1024);
        foreach (var (name, members) in families)
        {
            var series = Merge(members, generation);
            if (series.Count == 0)
            {
                continue;
            }

            var head = members[0];
            builder.Append("# HELP ").Append(name).Append(' ');
            PrometheusNaming.AppendHelp(builder, head.Help);
            builder.Append('\n');
            builder.Append("# TYPE ").Append(name).Append(' ').Append(TypeName(head.Kind)).Append('\n');
            foreach (var (labels, value) in series)
            {
                if (head.Kind == MetricKind.Histogram)
                {
                    WriteHistogram(builder, name, labels, head.Bounds, value);
                }
                else
                {
                    WriteSample(builder, name, labels, null, value.Value);
                }
            }
        }

        return builder.ToString();
    }

    private static SortedDictionary<string, SeriesValue> Merge(List<InstrumentState> members, long generation)
    {
        var merged = new SortedDictionary<string, SeriesValue>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            foreach (var series in member.Series(generation))
            {
                if (!merged.TryGetValue(series.Labels.Rendered, out var value))
                {
                    merged[series.Labels.Rendered] = value = new SeriesValue(member.Bounds.Length);
                }

                value.Add(series, member.Kind);
            }
        }

        return merged;
    }

    private static void WriteHistogram(StringBuilder builder, string name, string labels, double[] bounds, SeriesValue value)
    {
        long cumulative = 0;
        for (var i = 0; i < bounds.Length; i++)
        {
            cumulative += value.Buckets[i];
            WriteSample(builder, name + "_bucket", labels, FormatValue(bounds[i]), cumulative);
        }

        // +Inf and _count come from the same reads, so they always agree.
        cumulative += value.Buckets[^1];
        WriteSample(builder, name + "_bucket", labels, "+Inf", cumulative);
        WriteSample(builder, name + "_sum", labels, null, value.Sum);
        WriteSample(builder, name + "_count", labels, null, cumulative);
    }

    private static void WriteSample(StringBuilder builder, string name, string labels, string? le, double value)
    {
        builder.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            builder.Append('{').Append(labels);
            if (le is not null)
            {
                builder.Append(labels.Length > 0 ? ",le=\"" : "le=\"").Append(le).Append('"');
            }

            builder.Append('}');
        }

        builder.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    /// <summary>A sample value: shortest round-trip form, and Prometheus' spelling of the infinities.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    private static string TypeName(MetricKind kind) => kind switch
    {
        MetricKind.Counter => "counter",
        MetricKind.Histogram => "histogram",
        _ => "gauge",
    };

    /// <summary>One exposed series, possibly summed from several instruments.</summary>
    private sealed class SeriesValue(int bounds)
    {
        public double Value { get; private set; }

        public double Sum { get; private set; }

        public long[] Buckets { get; } = bounds > 0 ? new long[bounds + 1] : [];

        public void Add(MetricSeries series, MetricKind kind)
        {
            if (kind != MetricKind.Histogram)
            {
                Value += series.Value;
                return;
            }

            Span<long> counts = stackalloc long[Buckets.Length];
            series.CopyBuckets(counts);
            for (var i = 0; i < counts.Length; i++)
            {
                Buckets[i] += counts[i];
            }

            Sum += series.Sum;
        }
    }
}
