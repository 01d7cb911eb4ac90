using System.Text;

namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>One span as an OTLP exporter sent it.</summary>
/// <param name="Service">The <c>service.name</c> of the process that sent it.</param>
/// <param name="Scope">The instrumentation scope (activity source) that made it.</param>
/// <param name="TraceId">Hex trace id.</param>
/// <param name="SpanId">Hex span id.</param>
/// <param name="ParentSpanId">Hex parent span id, or empty for a root.</param>
/// <param name="Name">The span's name.</param>
/// <param name="Kind">OTLP span kind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer.</param>
public sealed record OtlpSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind)
{
    public const int Server = 2;
    public const int Client = 3;

    /// <summary>
    /// Decodes an OTLP/HTTP <c>ExportTraceServiceRequest</c> (protobuf). Only the fields the tests read are taken:
    /// resource attributes, scope name, and each span's ids, name and kind; the rest is skipped by wire type.
    /// </summary>
    public static IReadOnlyList<OtlpSpan> Decode(byte[] request)
    {
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1))
        {
            var service = string.Empty;
            var scopes = new List<byte[]>();
            foreach (var field in Fields(resourceSpans.Bytes))
            {
                if (field.Number == 1)
                {
                    service = Attributes(field.Bytes).GetValueOrDefault("service.name", string.Empty);
                }
                else if (field.Number == 2)
                {
                    scopes.Add(field.Bytes);
                }
            }

            foreach (var scopeSpans in scopes)
            {
                var scope = string.Empty;
                foreach (var field in Fields(scopeSpans))
                {
                    if (field.Number == 1)
                    {
                        scope = Fields(field.Bytes).Where(f => f.Number == 1).Select(f => Encoding.UTF8.GetString(f.Bytes)).FirstOrDefault() ?? string.Empty;
                    }
                    else if (field.Number == 2)
                    {
                        spans.Add(Span(service, scope, field.Bytes));
                    }
                }
            }
        }

        return spans;
    }

    private static OtlpSpan Span(string service, string scope, byte[] span)
    {
        string traceId = string.Empty, spanId = string.Empty, parent = string.Empty, name = string.Empty;
        var kind = 0;
        foreach (var field in Fields(span))
        {
            switch (field.Number)
            {
                case 1: traceId = Convert.ToHexStringLower(field.Bytes); break;
                case 2: spanId = Convert.ToHexStringLower(field.Bytes); break;
                case 4: parent = Convert.ToHexStringLower(field.Bytes); break;
                case 5: name = Encoding.UTF8.GetString(field.Bytes); break;
                case 6: kind = (int)field.Varint; break;
            }
        }

        return new OtlpSpan(service, scope, traceId, spanId, parent, name, kind);
    }

    /// <summary>A Resource's string attributes (field 1: KeyValue{1 key, 2 AnyValue{1 string_value}}).</summary>
    private static Dictionary<string, string> Attributes(byte[] resource)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in Fields(resource).Where(f => f.Number == 1))
        {
            var parts = Fields(keyValue.Bytes).ToList();
            var key = parts.Where(p => p.Number == 1).Select(p => Encoding.UTF8.GetString(p.Bytes)).FirstOrDefault();
            var value = parts.Where(p => p.Number == 2).SelectMany(p => Fields(p.Bytes)).Where(p => p.Number == 1).Select(p => Encoding.UTF8.GetString(p.Bytes)).FirstOrDefault();
            if (key is not null && value is not null)
            {
                attributes[key] = value;
            }
        }

        return attributes;
    }

    private readonly record struct Field(int Number, ulong Varint, byte[] Bytes);

    /// <summary>The fields of a protobuf message, in order (wire types 0, 1, 2 and 5).</summary>
    private static IEnumerable<Field> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var number = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    yield return new Field(number, ReadVarint(message, ref position), []);
                    break;
                case 1:
                    yield return new Field(number, 0, message[position..(position + 8)]);
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    yield return new Field(number, 0, message[position..(position + length)]);
                    position += length;
                    break;
                case 5:
                    yield return new Field(number, 0, message[position..(position + 4)]);
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unexpected protobuf wire type {tag & 7} at byte {position}.");
            }
        }
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
