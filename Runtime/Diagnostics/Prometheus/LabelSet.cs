using System.Globalization;
using System.Text;

namespace OrleansBackend.Runtime.Diagnostics.Prometheus;

/// <summary>
/// The labels of one series in canonical form: sorted by name, escaped and rendered once as
/// <c>name="value",…</c> (without braces), which is also the series' identity.
/// </summary>
internal sealed class LabelSet
{
    private LabelSet(string rendered)
    {
        Rendered = rendered;
    }

    /// <summary>No labels.</summary>
    public static LabelSet Empty { get; } = new(string.Empty);

    /// <summary>The series that takes measurements once an instrument has too many label sets.</summary>
    public static LabelSet Overflow { get; } = new("otel_metric_overflow=\"true\"");

    /// <summary>The rendered labels, empty when there are none.</summary>
    public string Rendered { get; }

    /// <summary>Builds the canonical label set of a measurement's tags (allocates: called once per new tag set).</summary>
    public static LabelSet From(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return Empty;
        }

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            // The first of two tags that map to one label name wins.
            labels.TryAdd(PrometheusNaming.LabelName(key), Format(value));
        }

        var builder = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(name).Append("=\"");
            PrometheusNaming.AppendLabelValue(builder, value);
            builder.Append('"');
        }

        return new LabelSet(builder.ToString());
    }

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
