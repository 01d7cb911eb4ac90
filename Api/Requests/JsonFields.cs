using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrleansBackend.Api.Requests;

/// <summary>
/// The top-level fields of a JSON object body, read from raw tokens, and the validation errors found while
/// taking them out. Nested objects and arrays are kept only as their kind (no request field is structured).
/// </summary>
public sealed class JsonFields
{
    private const int MaxDepth = 16;
    private readonly Dictionary<string, Field> _fields;
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    private JsonFields(Dictionary<string, Field> fields)
    {
        _fields = fields;
    }

    /// <summary>True when no error was recorded.</summary>
    public bool IsValid => _errors.Count == 0;

    /// <summary>Parses an object body, or returns null with <paramref name="error"/> set.</summary>
    public static JsonFields? Parse(ReadOnlySpan<byte> json, out string? error)
    {
        error = null;
        var fields = new Dictionary<string, Field>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
            if (!reader.Read())
            {
                error = "The body is empty; send a JSON object.";
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                error = "The body must be a JSON object.";
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var field = reader.TokenType switch
                {
                    JsonTokenType.String => new Field(JsonValueKind.String, reader.GetString()),
                    JsonTokenType.Number => new Field(JsonValueKind.Number, Encoding.UTF8.GetString(reader.ValueSpan)),
                    JsonTokenType.True => new Field(JsonValueKind.True, null),
                    JsonTokenType.False => new Field(JsonValueKind.False, null),
                    JsonTokenType.Null => new Field(JsonValueKind.Null, null),
                    JsonTokenType.StartArray => new Field(JsonValueKind.Array, null),
                    _ => new Field(JsonValueKind.Object, null),
                };
                if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    reader.Skip();
                }

                if (!fields.TryAdd(name, field))
                {
                    error = $"The field '{Truncate(name)}' appears more than once.";
                    return null;
                }
            }

            if (reader.Read())
            {
                error = "The body has content after its JSON object.";
                return null;
            }
        }
        catch (JsonException exception)
        {
            error = $"The body is not valid JSON: {exception.Message}";
            return null;
        }
        catch (InvalidOperationException)
        {
            error = "The body contains text that is not valid Unicode.";
            return null;
        }

        return new JsonFields(fields);
    }

    /// <summary>A string field; null (with an error when <paramref name="required"/>) when missing or null.</summary>
    public string? String(string name, bool required)
    {
        if (!_fields.TryGetValue(name, out var field) || field.Kind == JsonValueKind.Null)
        {
            if (required)
            {
                AddError(name, "This field is required.");
            }

            return null;
        }

        if (field.Kind != JsonValueKind.String)
        {
            AddError(name, "This field must be a string.");
            return null;
        }

        return field.Text;
    }

    /// <summary>
    /// A money amount: a JSON integer of minor units from 1 to <paramref name="max"/>. Floats (even 12.0),
    /// exponents, strings, zero, negative and larger numbers are errors.
    /// </summary>
    public long Amount(string name, long max)
    {
        if (!_fields.TryGetValue(name, out var field) || field.Kind == JsonValueKind.Null)
        {
            AddError(name, "This field is required.");
            return 0;
        }

        var text = field.Text;
        if (field.Kind != JsonValueKind.Number || text!.AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
        {
            AddError(name, "This field must be a JSON integer of minor units (1250 is 12.50).");
            return 0;
        }

        if (text!.StartsWith('-') || text is "0")
        {
            AddError(name, "This field must be more than zero.");
            return 0;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > max)
        {
            AddError(name, $"This field must be at most {max.ToString(CultureInfo.InvariantCulture)}.");
            return 0;
        }

        return amount;
    }

    /// <summary>Records an error for every field other than <paramref name="known"/>.</summary>
    public void RejectUnknown(params ReadOnlySpan<string> known)
    {
        foreach (var name in _fields.Keys)
        {
            if (!known.Contains(name))
            {
                AddError(Truncate(name), "This field is not recognised.");
            }
        }
    }

    /// <summary>Records an error for a field.</summary>
    public void AddError(string name, string message)
    {
        if (!_errors.TryGetValue(name, out var messages))
        {
            messages = [];
            _errors[name] = messages;
        }

        messages.Add(message);
    }

    /// <summary>The errors, field → messages.</summary>
    public IReadOnlyDictionary<string, string[]> Errors() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    private static string Truncate(string name) => name.Length <= 64 ? name : name[..64] + "…";

    private readonly record struct Field(JsonValueKind Kind, string? Text);
}
