using System.Globalization;
using System.Text;

namespace OrleansBackend.Runtime.Diagnostics.Prometheus;

/// <summary>
/// Reads the samples of a Prometheus text exposition (what <see cref="PrometheusMetricsCollector"/> writes, or any
/// other exporter): comments are skipped, labels unescaped, timestamps ignored.
/// </summary>
public static class PrometheusTextParser
{
    /// <summary>Every sample in <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">A line is not a valid sample.</exception>
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseLine(line));
        }

        return samples;
    }

    private static PrometheusSample ParseLine(string line)
    {
        var position = 0;
        while (position < line.Length && line[position] != '{' && line[position] != ' ')
        {
            position++;
        }

        var name = line[..position];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position = ParseLabels(line, position + 1, labels);
        }

        var rest = line[position..].Trim();
        var space = rest.IndexOf(' ');
        var valueText = space < 0 ? rest : rest[..space];
        if (name.Length == 0 || !TryParseValue(valueText, out var value))
        {
            throw new FormatException($"Not a Prometheus sample: '{line}'.");
        }

        return new PrometheusSample(name, labels, value);
    }

    private static int ParseLabels(string line, int position, Dictionary<string, string> labels)
    {
        while (true)
        {
            while (position < line.Length && line[position] is ' ' or ',')
            {
                position++;
            }

            if (position >= line.Length)
            {
                throw new FormatException($"Unterminated labels: '{line}'.");
            }

            if (line[position] == '}')
            {
                return position + 1;
            }

            var equals = line.IndexOf('=', position);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
            {
                throw new FormatException($"Malformed label: '{line}'.");
            }

            var labelName = line[position..equals].Trim();
            var value = new StringBuilder();
            position = equals + 2;
            while (position < line.Length && line[position] != '"')
            {
                if (line[position] == '\\' && position + 1 < line.Length)
                {
                    position++;
                    value.Append(line[position] == 'n' ? '\n' : line[position]);
                }
                else
                {
                    value.Append(line[position]);
                }

                position++;
            }

            labels[labelName] = value.ToString();
            position++;
        }
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
