using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Diagnostics.Logging;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Messaging;
using OrleansBackend.Runtime.Scheduling;

namespace OrleansBackend.Tests.Operations;

/// <summary>The structured console formatter: one JSON line per event with trace id, silo and grain.</summary>
public sealed class StructuredLogTests
{
    [Fact]
    public void AnEventIsOneJsonLineWithItsValuesTraceAndSilo()
    {
        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();

        var line = Format(LogLevel.Warning, "Transfer {TransferId} took {Elapsed} ms\nand went on", ["trf_1", 12], new InvalidOperationException("boom\nbang"));

        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("Warning", json.GetProperty("level").GetString());
        Assert.Equal("Tests.Category", json.GetProperty("category").GetString());
        Assert.Equal("Transfer trf_1 took 12 ms\nand went on", json.GetProperty("message").GetString());
        Assert.Equal(activity.TraceId.ToHexString(), json.GetProperty("traceId").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), json.GetProperty("spanId").GetString());
        Assert.Equal("silo-7", json.GetProperty("silo").GetString());
        Assert.Equal("trf_1", json.GetProperty("state").GetProperty("TransferId").GetString());
        Assert.Equal(12, json.GetProperty("state").GetProperty("Elapsed").GetInt32());
        Assert.Contains("boom", json.GetProperty("exception").GetString());
        Assert.True(DateTimeOffset.TryParse(json.GetProperty("timestamp").GetString(), out _));
    }

    [Fact]
    public async Task LinesWrittenInAGrainTurnNameTheGrainAndTheRequestsTrace()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var line = await Task.Run(() =>
        {
            RuntimeContext.CurrentRequest = new Message
            {
                Target = new GrainId("account", "acc_42"),
                TraceParent = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-00",
            };
            return Format(LogLevel.Information, "Deposited {Amount}", [5], null);
        });

        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("account/acc_42", json.GetProperty("grain").GetString());
        Assert.Equal(traceId.ToHexString(), json.GetProperty("traceId").GetString());
    }

    private static string Format(LogLevel level, string template, object[] values, Exception? exception)
    {
        using var formatter = new StructuredConsoleFormatter(new StaticOptions(new StructuredConsoleFormatterOptions { Silo = "silo-7" }));
        using var writer = new StringWriter();
        formatter.Write(new LogEntry<FormattedValues>(level, "Tests.Category", new EventId(3), new FormattedValues(template, values), exception, static (s, _) => s.ToString()), null, writer);
        return writer.ToString();
    }

    /// <summary>Template and values, as LoggerMessage passes them (the last pair is the original format).</summary>
    private sealed class FormattedValues(string template, object[] given) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _values = Build(template, given);

        public int Count => _values.Count;

        public KeyValuePair<string, object?> this[int index] => _values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString()
        {
            var text = template;
            foreach (var (key, value) in _values.Take(_values.Count - 1))
            {
                text = text.Replace("{" + key + "}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }

            return text;
        }

        private static List<KeyValuePair<string, object?>> Build(string template, object[] given)
        {
            var names = System.Text.RegularExpressions.Regex.Matches(template, @"\{(\w+)\}").Select(m => m.Groups[1].Value).ToList();
            var values = new List<KeyValuePair<string, object?>>();
            for (var i = 0; i < names.Count; i++)
            {
                values.Add(new(names[i], given[i]));
            }

            values.Add(new("{OriginalFormat}", template));
            return values;
        }
    }

    private sealed class StaticOptions(StructuredConsoleFormatterOptions value) : IOptionsMonitor<StructuredConsoleFormatterOptions>
    {
        public StructuredConsoleFormatterOptions CurrentValue => value;

        public StructuredConsoleFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<StructuredConsoleFormatterOptions, string?> listener) => null;
    }
}
