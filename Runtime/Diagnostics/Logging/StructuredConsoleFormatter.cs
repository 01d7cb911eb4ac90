using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OrleansBackend.Runtime.Scheduling;

namespace OrleansBackend.Runtime.Diagnostics.Logging;

/// <summary>
/// Writes every log event as one JSON line: time, level, category, message, trace and span id, the silo, the grain
/// whose turn logged it, the structured values of the message template and the exception. The trace id comes from
/// the ambient activity or, in a grain turn without one, from the trace context the request carried.
/// </summary>
internal sealed class StructuredConsoleFormatter : ConsoleFormatter, IDisposable
{
    /// <summary>The formatter's name (<c>Logging:Console:FormatterName</c>).</summary>
    public const string FormatterName = "structured";

    // Log lines are not embedded in HTML: keep '+', quotes and non-ASCII readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly IDisposable? _reload;
    private StructuredConsoleFormatterOptions _options;

    public StructuredConsoleFormatter(IOptionsMonitor<StructuredConsoleFormatterOptions> options)
        : base(FormatterName)
    {
        _options = options.CurrentValue;
        _reload = options.OnChange(updated => _options = updated);
    }

    public void Dispose() => _reload?.Dispose();

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is null && message is null)
        {
            return;
        }

        var options = _options;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            if (logEntry.EventId.Id != 0)
            {
                json.WriteNumber("eventId", logEntry.EventId.Id);
            }

            json.WriteString("message", message);
            WriteCorrelation(json);
            if (options.Silo is { Length: > 0 } silo)
            {
                json.WriteString("silo", silo);
            }

            if (RuntimeContext.CurrentRequest is { } request && !request.Target.IsDefault)
            {
                json.WriteString("grain", request.Target.ToString());
            }

            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", exception.ToString());
            }

            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> values && values.Count > 1)
            {
                json.WriteStartObject("state");
                foreach (var (key, value) in values)
                {
                    if (key != "{OriginalFormat}")
                    {
                        WriteValue(json, key, value);
                    }
                }

                json.WriteEndObject();
            }

            if (options.IncludeScopes && scopeProvider is not null)
            {
                WriteScopes(json, scopeProvider);
            }

            json.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }

    private static void WriteCorrelation(Utf8JsonWriter json)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            json.WriteString("traceId", activity.TraceId.ToHexString());
            json.WriteString("spanId", activity.SpanId.ToHexString());
        }
        else if (RuntimeContext.CurrentRequest?.TraceParent is { Length: 55 } traceParent)
        {
            // 00-<trace id>-<parent span id>-<flags>
            json.WriteString("traceId", traceParent.AsSpan(3, 32));
        }
    }

    private static void WriteScopes(Utf8JsonWriter json, IExternalScopeProvider scopeProvider)
    {
        var started = false;
        scopeProvider.ForEachScope(
            (scope, writer) =>
            {
                if (!started)
                {
                    writer.WriteStartObject("scope");
                    started = true;
                }

                if (scope is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        if (key != "{OriginalFormat}")
                        {
                            WriteValue(writer, key, value);
                        }
                    }
                }
            },
            json);
        if (started)
        {
            json.WriteEndObject();
        }
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(key);
                break;
            case bool flag:
                json.WriteBoolean(key, flag);
                break;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                json.WriteNumber(key, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case double number when double.IsFinite(number):
                json.WriteNumber(key, number);
                break;
            case IFormattable formattable:
                json.WriteString(key, formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString(key, value.ToString());
                break;
        }
    }
}
