using System.Text;

namespace OrleansBackend.Runtime.Diagnostics.Prometheus;

/// <summary>
/// Maps OpenTelemetry-style instrument names and units to Prometheus conventions: dots become underscores,
/// base units become suffixes (<c>_seconds</c>, <c>_bytes</c>), counters end in <c>_total</c>.
/// </summary>
internal static class PrometheusNaming
{
    /// <summary>The family name of an instrument.</summary>
    public static string MetricName(string instrumentName, string? unit, MetricKind kind)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        var suffix = UnitSuffix(unit);
        if (name.EndsWith("_total", StringComparison.Ordinal) && kind == MetricKind.Counter)
        {
            name = name[..^"_total".Length];
        }

        if (suffix is not null && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        if (kind == MetricKind.Counter)
        {
            return name + "_total";
        }

        // A gauge called "..._count" would read as part of a histogram ("dotnet.timer.count" → dotnet_timer_count_value).
        return name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal) || name.EndsWith("_bucket", StringComparison.Ordinal)
            ? name + "_value"
            : name;
    }

    /// <summary>A label name: [a-zA-Z_][a-zA-Z0-9_]*, never starting with the reserved "__".</summary>
    public static string LabelName(string key)
    {
        var name = Sanitize(key, allowColon: false);
        return name.StartsWith("__", StringComparison.Ordinal) ? "x" + name : name;
    }

    /// <summary>The unit suffix of a family name, or null for dimensionless and annotation units ("{call}").</summary>
    public static string? UnitSuffix(string? unit) => unit switch
    {
        "s" or "ms" or "us" or "ns" => "seconds",
        "By" => "bytes",
        "%" => "percent",
        _ => null,
    };

    /// <summary>What measurements are multiplied by to reach the base unit of the suffix.</summary>
    public static double UnitScale(string? unit) => unit switch
    {
        "ms" => 1e-3,
        "us" => 1e-6,
        "ns" => 1e-9,
        _ => 1,
    };

    /// <summary>Escapes a label value: backslash, double quote and newline.</summary>
    public static void AppendLabelValue(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }

    /// <summary>Escapes HELP text: backslash and newline.</summary>
    public static void AppendHelp(StringBuilder builder, string help)
    {
        foreach (var c in help)
        {
            switch (c)
            {
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }

    private static string Sanitize(string name, bool allowColon)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            var valid = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            // Collapse runs of separators ("a..b", "a._b") into one underscore.
            if (next == '_' && builder.Length > 0 && builder[^1] == '_')
            {
                continue;
            }

            builder.Append(next);
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
