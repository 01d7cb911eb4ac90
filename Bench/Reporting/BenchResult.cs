using System.Globalization;
using System.Text;
using Spectre.Console;

namespace OrleansBackend.Bench.Reporting;

/// <summary>
/// A benchmark's outcome: printed as a readable table, and with --json as one JSON object on the last line
/// (numbers with invariant formatting, in the order added, then the load averages at start and end, and the date).
/// </summary>
public sealed class BenchResult
{
    private readonly List<(string Key, object Value, string? Label)> _fields = [];

    public BenchResult(string scenario)
    {
        Add("scenario", scenario, null);
    }

    public BenchResult Add(string key, object value, string? label = null)
    {
        _fields.Add((key, value, label));
        return this;
    }

    public void Print(bool json)
    {
        if (MachineLoad.AtStart is { } load && !_fields.Any(f => f.Key == "loadAvgAtStart"))
        {
            Add("loadAvgAtStart", load, "load average at start (1 min)");
            if (MachineLoad.Now() is { } end)
            {
                // At start it shows what else ran; at the end it includes the benchmark's own load as well.
                Add("loadAvgAtEnd", end, "load average at the end (1 min)");
            }
        }

        if (!_fields.Any(f => f.Key == "date"))
        {
            Add("date", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture));
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (key, value, label) in _fields)
        {
            table.AddRow(Markup.Escape(label ?? key), Markup.Escape(Format(value, pretty: true)));
        }

        AnsiConsole.Write(table);
        if (json)
        {
            Console.WriteLine(ToJson());
        }
    }

    public string ToJson()
    {
        var sb = new StringBuilder("{");
        for (var i = 0; i < _fields.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append('"').Append(_fields[i].Key).Append("\":").Append(Format(_fields[i].Value, pretty: false));
        }

        return sb.Append('}').ToString();
    }

    private static string Format(object value, bool pretty) => value switch
    {
        string s when pretty => s,
        string s => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        bool b => b ? "true" : "false",
        double d when pretty => d.ToString(d >= 100 ? "N0" : "0.###", CultureInfo.InvariantCulture),
        double d => Math.Round(d, 3).ToString(CultureInfo.InvariantCulture),
        long l when pretty => l.ToString("N0", CultureInfo.InvariantCulture),
        int n when pretty => n.ToString("N0", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
