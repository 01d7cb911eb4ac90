using System.Buffers;

namespace OrleansBackend.Runtime.Serialization;

/// <summary>
/// Turns a whole value into bytes and back (grain state, stream events): the value is field 0 of the payload,
/// so a reader skips anything it does not recognise and later fields can be added around it.
/// </summary>
public static class PayloadSerializer
{
    private static readonly byte[] EmptyObject = [(byte)WireType.EndObject];

    /// <summary>Serializes a value.</summary>
    public static byte[] Serialize<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        Serialize(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes a value into a buffer writer.</summary>
    public static void Serialize<T>(IBufferWriter<byte> output, T value)
    {
        var writer = new ValueWriter(output);
        TypeCodec<T>.Write(ref writer, 0, value);
        writer.Commit();
    }

    /// <summary>Deserializes a value written by <see cref="Serialize{T}(T)"/>.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> payload, ISerializationContext? context = null)
    {
        var reader = new ValueReader(payload, context);
        var result = default(T);
        var found = false;
        while (reader.TryReadField(out var id, out var wireType))
        {
            if (id == 0 && !found)
            {
                result = TypeCodec<T>.Read(ref reader, wireType);
                found = true;
            }
            else
            {
                reader.SkipField(wireType);
            }
        }

        return found ? result! : CreateDefault<T>();
    }

    /// <summary>
    /// A fresh default value: for generated types an instance with every member at its default (what reading
    /// an empty object gives), for value types and strings their default.
    /// </summary>
    public static T CreateDefault<T>()
    {
        if (typeof(T).IsValueType || typeof(T) == typeof(string) || !TypeCodec<T>.IsRegistered)
        {
            return default!;
        }

        var reader = new ValueReader(EmptyObject);
        return TypeCodec<T>.Read(ref reader, WireType.StartObject);
    }
}
