namespace OrleansBackend.Tests.Operations.Infrastructure;

/// <summary>
/// Reads the YAML the deployment files use (no YAML library installs here): block mappings and sequences by
/// indentation, <c>- key: value</c> items, flow sequences of scalars (<c>["a", "b"]</c>), quoted and plain scalars,
/// comments. Anchors, multi-line scalars and flow mappings are not supported and fail loudly.
/// </summary>
public static class YamlSubset
{
    /// <summary>The document: nested <c>Dictionary&lt;string, object?&gt;</c>, <c>List&lt;object?&gt;</c> and strings.</summary>
    public static object? Parse(string text)
    {
        var lines = new List<(int Indent, string Content, int Number)>();
        var number = 0;
        foreach (var raw in text.Replace("\r", string.Empty).Split('\n'))
        {
            number++;
            var content = StripComment(raw).TrimEnd();
            if (content.Trim().Length == 0)
            {
                continue;
            }

            if (content.Contains('\t'))
            {
                throw new FormatException($"Line {number}: tabs are not YAML indentation.");
            }

            var indent = content.Length - content.TrimStart().Length;
            lines.Add((indent, content.Trim(), number));
        }

        var position = 0;
        var result = ParseBlock(lines, ref position, lines.Count > 0 ? lines[0].Indent : 0);
        if (position != lines.Count)
        {
            throw new FormatException($"Line {lines[position].Number}: unexpected indentation.");
        }

        return result;
    }

    private static object? ParseBlock(List<(int Indent, string Content, int Number)> lines, ref int position, int indent)
    {
        if (position >= lines.Count)
        {
            return null;
        }

        return lines[position].Content.StartsWith("- ", StringComparison.Ordinal) || lines[position].Content == "-"
            ? ParseSequence(lines, ref position, indent)
            : ParseMapping(lines, ref position, indent);
    }

    private static List<object?> ParseSequence(List<(int Indent, string Content, int Number)> lines, ref int position, int indent)
    {
        var items = new List<object?>();
        while (position < lines.Count && lines[position].Indent == indent && (lines[position].Content.StartsWith("- ", StringComparison.Ordinal) || lines[position].Content == "-"))
        {
            var (_, content, number) = lines[position];
            var rest = content.Length > 1 ? content[2..].Trim() : string.Empty;
            if (rest.Length == 0)
            {
                position++;
                items.Add(ParseBlock(lines, ref position, lines[position].Indent));
            }
            else if (IsMappingEntry(rest))
            {
                // "- key: value" opens a mapping whose further keys are indented to the key's column.
                lines[position] = (indent + 2, rest, number);
                items.Add(ParseMapping(lines, ref position, indent + 2));
            }
            else
            {
                items.Add(Scalar(rest, number));
                position++;
            }
        }

        return items;
    }

    private static Dictionary<string, object?> ParseMapping(List<(int Indent, string Content, int Number)> lines, ref int position, int indent)
    {
        var mapping = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (position < lines.Count && lines[position].Indent == indent)
        {
            var (_, content, number) = lines[position];
            if (!IsMappingEntry(content))
            {
                throw new FormatException($"Line {number}: expected 'key: value', got '{content}'.");
            }

            var colon = KeyEnd(content);
            var key = Unquote(content[..colon].Trim());
            var value = content[(colon + 1)..].Trim();
            position++;
            if (mapping.ContainsKey(key))
            {
                throw new FormatException($"Line {number}: duplicate key '{key}'.");
            }

            if (value.Length > 0)
            {
                mapping[key] = Scalar(value, number);
            }
            else if (position < lines.Count && lines[position].Indent > indent)
            {
                mapping[key] = ParseBlock(lines, ref position, lines[position].Indent);
            }
            else if (position < lines.Count && lines[position].Indent == indent && lines[position].Content.StartsWith("- ", StringComparison.Ordinal))
            {
                // A sequence may sit at its key's indentation.
                mapping[key] = ParseSequence(lines, ref position, indent);
            }
            else
            {
                mapping[key] = null;
            }
        }

        return mapping;
    }

    private static object? Scalar(string value, int number)
    {
        if (value.StartsWith('&') || value.StartsWith('*') || value.StartsWith('|') || value.StartsWith('>') || value.StartsWith('{'))
        {
            throw new FormatException($"Line {number}: '{value}' uses YAML this reader does not support.");
        }

        if (value.StartsWith('['))
        {
            if (!value.EndsWith(']'))
            {
                throw new FormatException($"Line {number}: unterminated flow sequence.");
            }

            var inner = value[1..^1].Trim();
            return inner.Length == 0 ? new List<object?>() : SplitFlow(inner).Select(item => (object?)Unquote(item.Trim())).ToList();
        }

        return Unquote(value);
    }

    private static IEnumerable<string> SplitFlow(string inner)
    {
        var start = 0;
        char? quote = null;
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (quote is null && c is '"' or '\'')
            {
                quote = c;
            }
            else if (quote == c)
            {
                quote = null;
            }
            else if (quote is null && c == ',')
            {
                yield return inner[start..i];
                start = i + 1;
            }
        }

        yield return inner[start..];
    }

    private static bool IsMappingEntry(string content) => KeyEnd(content) > 0;

    /// <summary>The index of the colon that ends a key ("key:" or "key: value"), outside quotes; -1 if none.</summary>
    private static int KeyEnd(string content)
    {
        char? quote = null;
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (quote is null && c is '"' or '\'' && i == 0)
            {
                quote = c;
            }
            else if (quote == c)
            {
                quote = null;
            }
            else if (quote is null && c == ':' && (i == content.Length - 1 || content[i + 1] == ' '))
            {
                return i;
            }
            else if (quote is null && c == '[')
            {
                return -1;
            }
        }

        return -1;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\''))
            ? value[1..^1].Replace(value[0] == '"' ? "\\\"" : "''", value[0] == '"' ? "\"" : "'", StringComparison.Ordinal)
            : value;

    private static string StripComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is null && c is '"' or '\'')
            {
                quote = c;
            }
            else if (quote == c)
            {
                quote = null;
            }
            else if (quote is null && c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i];
            }
        }

        return line;
    }
}
