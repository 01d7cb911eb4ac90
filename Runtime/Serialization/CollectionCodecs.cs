namespace OrleansBackend.Runtime.Serialization;

/// <summary>
/// Collections and nullable values. A collection is a nested object: field 0 holds the count (a capacity
/// hint), then each element is field 1 (for dictionaries, each entry is a key as field 1 followed by its value
/// as field 2).
/// </summary>
public static class CollectionCodecs
{
    private const int MaxPreallocation = 4096;

    /// <summary>Writes a sequence (null allowed).</summary>
    public static void WriteCollection<T>(ref ValueWriter writer, uint fieldId, IEnumerable<T>? values, FieldWriter<T> writeElement)
    {
        if (values is null)
        {
            writer.WriteNull(fieldId);
            return;
        }

        writer.WriteStartObject(fieldId);
        if (values is IReadOnlyList<T> list)
        {
            PrimitiveCodecs.WriteInt32(ref writer, 0, list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                writeElement(ref writer, 1, list[i]);
            }
        }
        else
        {
            foreach (var value in values)
            {
                writeElement(ref writer, 1, value);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads a sequence into a list (null when the writer wrote null).</summary>
    public static List<T>? ReadList<T>(ref ValueReader reader, WireType wireType, FieldReader<T> readElement)
    {
        if (wireType == WireType.Null)
        {
            return null;
        }

        if (wireType != WireType.StartObject)
        {
            throw ValueReader.Mismatch(wireType, "a collection");
        }

        reader.EnterObject();
        List<T>? result = null;
        while (reader.TryReadField(out var id, out var wt))
        {
            switch (id)
            {
                case 0:
                    result ??= new List<T>(Math.Clamp(PrimitiveCodecs.ReadInt32(ref reader, wt), 0, MaxPreallocation));
                    break;
                case 1:
                    result ??= [];
                    result.Add(readElement(ref reader, wt));
                    break;
                default:
                    reader.SkipField(wt);
                    break;
            }
        }

        reader.LeaveObject();
        return result ?? [];
    }

    /// <summary>Reads a sequence into an array.</summary>
    public static T[]? ReadArray<T>(ref ValueReader reader, WireType wireType, FieldReader<T> readElement) =>
        ReadList(ref reader, wireType, readElement)?.ToArray();

    /// <summary>Reads a sequence into a hash set.</summary>
    public static HashSet<T>? ReadHashSet<T>(ref ValueReader reader, WireType wireType, FieldReader<T> readElement)
    {
        var list = ReadList(ref reader, wireType, readElement);
        return list is null ? null : new HashSet<T>(list);
    }

    /// <summary>Writes a dictionary (null allowed).</summary>
    public static void WriteDictionary<TKey, TValue>(
        ref ValueWriter writer,
        uint fieldId,
        IEnumerable<KeyValuePair<TKey, TValue>>? values,
        FieldWriter<TKey> writeKey,
        FieldWriter<TValue> writeValue)
    {
        if (values is null)
        {
            writer.WriteNull(fieldId);
            return;
        }

        writer.WriteStartObject(fieldId);
        foreach (var pair in values)
        {
            writeKey(ref writer, 1, pair.Key);
            writeValue(ref writer, 2, pair.Value);
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads a dictionary (null when the writer wrote null).</summary>
    public static Dictionary<TKey, TValue>? ReadDictionary<TKey, TValue>(
        ref ValueReader reader,
        WireType wireType,
        FieldReader<TKey> readKey,
        FieldReader<TValue> readValue)
        where TKey : notnull
    {
        if (wireType == WireType.Null)
        {
            return null;
        }

        if (wireType != WireType.StartObject)
        {
            throw ValueReader.Mismatch(wireType, "a dictionary");
        }

        reader.EnterObject();
        var result = new Dictionary<TKey, TValue>();
        var key = default(TKey);
        var hasKey = false;
        while (reader.TryReadField(out var id, out var wt))
        {
            switch (id)
            {
                case 1:
                    key = readKey(ref reader, wt);
                    hasKey = true;
                    break;
                case 2:
                    var value = readValue(ref reader, wt);
                    if (!hasKey || key is null)
                    {
                        throw new SerializationException("A dictionary value has no key.");
                    }

                    result[key] = value;
                    hasKey = false;
                    break;
                default:
                    reader.SkipField(wt);
                    break;
            }
        }

        reader.LeaveObject();
        return result;
    }

    /// <summary>Writes a nullable value type.</summary>
    public static void WriteNullable<T>(ref ValueWriter writer, uint fieldId, T? value, FieldWriter<T> writeValue)
        where T : struct
    {
        if (value.HasValue)
        {
            writeValue(ref writer, fieldId, value.GetValueOrDefault());
        }
        else
        {
            writer.WriteNull(fieldId);
        }
    }

    /// <summary>Reads a nullable value type.</summary>
    public static T? ReadNullable<T>(ref ValueReader reader, WireType wireType, FieldReader<T> readValue)
        where T : struct =>
        wireType == WireType.Null ? null : readValue(ref reader, wireType);
}
