using System.Globalization;
using System.Text;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>One sample of a Prometheus text exposition.</summary>
/// <param name="Name">The series name (histogram parts keep their _bucket/_sum/_count suffix).</param>
/// <param name="Labels">The labels.</param>
/// <param name="Value">The value.</param>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>A label's value, or the empty string.</summary>
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : string.Empty;
}

/// <summary>Reads the samples and the declared families of a Prometheus text exposition (promtool judges its syntax).</summary>
public static class PrometheusText
{
    /// <summary>Every sample line.</summary>
    public static IReadOnlyList<PrometheusSample> Samples(string exposition)
    {
        var samples = new List<PrometheusSample>();
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{');
            var space = line.IndexOf(' ');
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            string name;
            string rest;
            if (brace >= 0 && brace < space)
            {
                name = line[..brace];
                var end = ReadLabels(line, brace + 1, labels);
                rest = line[(end + 1)..].Trim();
            }
            else
            {
                name = line[..space];
                rest = line[(space + 1)..].Trim();
            }

            var value = rest.Split(' ')[0];
            samples.Add(new PrometheusSample(name, labels, value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
            }));
        }

        return samples;
    }

    /// <summary>The families declared by <c># TYPE</c> lines, with their types.</summary>
    public static IReadOnlyDictionary<string, string> Families(string exposition) =>
        exposition.Split('\n')
            .Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal))
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[2], p => p[3], StringComparer.Ordinal);

    /// <summary>The part of the exposition that belongs to families whose names start with <paramref name="prefix"/>.</summary>
    public static string FamiliesStartingWith(string exposition, string prefix) =>
        string.Concat(exposition.Split('\n')
            .Where(l => l.StartsWith(prefix, StringComparison.Ordinal) || l.StartsWith("# TYPE " + prefix, StringComparison.Ordinal) || l.StartsWith("# HELP " + prefix, StringComparison.Ordinal))
            .Select(l => l + "\n"));

    private static int ReadLabels(string line, int position, Dictionary<string, string> labels)
    {
        while (line[position] != '}')
        {
            var equals = line.IndexOf('=', position);
            var key = line[position..equals].Trim(',', ' ');
            var value = new StringBuilder();
            var i = equals + 2;
            for (; line[i] != '"'; i++)
            {
                if (line[i] == '\\')
                {
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else
                {
                    value.Append(line[i]);
                }
            }

            labels[key] = value.ToString();
            position = i + 1;
            if (line[position] == ',')
            {
                position++;
            }
        }

        return position;
    }
}
