using System.Buffers.Binary;

namespace OrleansBackend.Runtime.Serialization;

/// <summary>
/// Codecs for built-in value types and strings, all with the <see cref="FieldWriter{T}"/> /
/// <see cref="FieldReader{T}"/> shapes so generated code can call them directly or pass them as delegates.
/// Integers widen and narrow between sizes (a field may change from <c>int</c> to <c>long</c>).
/// </summary>
public static class PrimitiveCodecs
{
    /// <summary>Writes a string (null allowed).</summary>
    public static void WriteString(ref ValueWriter writer, uint fieldId, string? value) => writer.WriteStringField(fieldId, value);

    /// <summary>Reads a string (null when the writer wrote null).</summary>
    public static string? ReadString(ref ValueReader reader, WireType wireType) => wireType switch
    {
        WireType.LengthPrefixed => reader.ReadUtf8(),
        WireType.Null => null,
        _ => throw ValueReader.Mismatch(wireType, "a string"),
    };

    /// <summary>Writes a boolean.</summary>
    public static void WriteBoolean(ref ValueWriter writer, uint fieldId, bool value)
    {
        writer.WriteFieldHeader(fieldId, WireType.VarInt);
        writer.WriteVarUInt32(value ? 1u : 0u);
    }

    /// <summary>Reads a boolean.</summary>
    public static bool ReadBoolean(ref ValueReader reader, WireType wireType) => reader.ReadUInt64Value(wireType) != 0;

    /// <summary>Writes a signed 32-bit integer.</summary>
    public static void WriteInt32(ref ValueWriter writer, uint fieldId, int value) => WriteInt64(ref writer, fieldId, value);

    /// <summary>Reads a signed 32-bit integer.</summary>
    public static int ReadInt32(ref ValueReader reader, WireType wireType) => Narrow.ToInt32(reader.ReadInt64Value(wireType));

    /// <summary>Writes a signed 64-bit integer.</summary>
    public static void WriteInt64(ref ValueWriter writer, uint fieldId, long value)
    {
        writer.WriteFieldHeader(fieldId, WireType.VarInt);
        writer.WriteVarUInt64(ZigZag.Encode(value));
    }

    /// <summary>Reads a signed 64-bit integer.</summary>
    public static long ReadInt64(ref ValueReader reader, WireType wireType) => reader.ReadInt64Value(wireType);

    /// <summary>Writes a signed 16-bit integer.</summary>
    public static void WriteInt16(ref ValueWriter writer, uint fieldId, short value) => WriteInt64(ref writer, fieldId, value);

    /// <summary>Reads a signed 16-bit integer.</summary>
    public static short ReadInt16(ref ValueReader reader, WireType wireType) => (short)Narrow.Signed(reader.ReadInt64Value(wireType), short.MinValue, short.MaxValue);

    /// <summary>Writes a signed byte.</summary>
    public static void WriteSByte(ref ValueWriter writer, uint fieldId, sbyte value) => WriteInt64(ref writer, fieldId, value);

    /// <summary>Reads a signed byte.</summary>
    public static sbyte ReadSByte(ref ValueReader reader, WireType wireType) => (sbyte)Narrow.Signed(reader.ReadInt64Value(wireType), sbyte.MinValue, sbyte.MaxValue);

    /// <summary>Writes an unsigned 64-bit integer.</summary>
    public static void WriteUInt64(ref ValueWriter writer, uint fieldId, ulong value)
    {
        writer.WriteFieldHeader(fieldId, WireType.VarInt);
        writer.WriteVarUInt64(value);
    }

    /// <summary>Reads an unsigned 64-bit integer.</summary>
    public static ulong ReadUInt64(ref ValueReader reader, WireType wireType) => reader.ReadUInt64Value(wireType);

    /// <summary>Writes an unsigned 32-bit integer.</summary>
    public static void WriteUInt32(ref ValueWriter writer, uint fieldId, uint value) => WriteUInt64(ref writer, fieldId, value);

    /// <summary>Reads an unsigned 32-bit integer.</summary>
    public static uint ReadUInt32(ref ValueReader reader, WireType wireType) => (uint)Narrow.Unsigned(reader.ReadUInt64Value(wireType), uint.MaxValue);

    /// <summary>Writes an unsigned 16-bit integer.</summary>
    public static void WriteUInt16(ref ValueWriter writer, uint fieldId, ushort value) => WriteUInt64(ref writer, fieldId, value);

    /// <summary>Reads an unsigned 16-bit integer.</summary>
    public static ushort ReadUInt16(ref ValueReader reader, WireType wireType) => (ushort)Narrow.Unsigned(reader.ReadUInt64Value(wireType), ushort.MaxValue);

    /// <summary>Writes a byte.</summary>
    public static void WriteByte(ref ValueWriter writer, uint fieldId, byte value) => WriteUInt64(ref writer, fieldId, value);

    /// <summary>Reads a byte.</summary>
    public static byte ReadByte(ref ValueReader reader, WireType wireType) => (byte)Narrow.Unsigned(reader.ReadUInt64Value(wireType), byte.MaxValue);

    /// <summary>Writes a UTF-16 code unit.</summary>
    public static void WriteChar(ref ValueWriter writer, uint fieldId, char value) => WriteUInt64(ref writer, fieldId, value);

    /// <summary>Reads a UTF-16 code unit.</summary>
    public static char ReadChar(ref ValueReader reader, WireType wireType) => (char)(ushort)Narrow.Unsigned(reader.ReadUInt64Value(wireType), ushort.MaxValue);

    /// <summary>Writes a double.</summary>
    public static void WriteDouble(ref ValueWriter writer, uint fieldId, double value)
    {
        writer.WriteFieldHeader(fieldId, WireType.Fixed64);
        writer.WriteFixed64((ulong)BitConverter.DoubleToInt64Bits(value));
    }

    /// <summary>Reads a double (a float written by an older peer widens).</summary>
    public static double ReadDouble(ref ValueReader reader, WireType wireType) => wireType switch
    {
        WireType.Fixed64 => BitConverter.Int64BitsToDouble((long)reader.ReadFixed64()),
        WireType.Fixed32 => BitConverter.Int32BitsToSingle((int)reader.ReadFixed32()),
        WireType.Null => 0,
        _ => throw ValueReader.Mismatch(wireType, "a floating-point number"),
    };

    /// <summary>Writes a float.</summary>
    public static void WriteSingle(ref ValueWriter writer, uint fieldId, float value)
    {
        writer.WriteFieldHeader(fieldId, WireType.Fixed32);
        writer.WriteFixed32((uint)BitConverter.SingleToInt32Bits(value));
    }

    /// <summary>Reads a float.</summary>
    public static float ReadSingle(ref ValueReader reader, WireType wireType) => (float)ReadDouble(ref reader, wireType);

    /// <summary>Writes a decimal as its four 32-bit parts.</summary>
    public static void WriteDecimal(ref ValueWriter writer, uint fieldId, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes[(i * 4)..], bits[i]);
        }

        writer.WriteBytesField(fieldId, bytes);
    }

    /// <summary>Reads a decimal.</summary>
    public static decimal ReadDecimal(ref ValueReader reader, WireType wireType)
    {
        if (wireType == WireType.Null)
        {
            return 0m;
        }

        if (wireType != WireType.LengthPrefixed)
        {
            throw ValueReader.Mismatch(wireType, "a decimal");
        }

        var bytes = reader.ReadLengthPrefixed();
        if (bytes.Length != 16)
        {
            throw new SerializationException("A decimal must be 16 bytes.");
        }

        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]);
        }

        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException)
        {
            throw new SerializationException("A decimal has an invalid scale.");
        }
    }

    /// <summary>Writes a Guid as its 16 bytes.</summary>
    public static void WriteGuid(ref ValueWriter writer, uint fieldId, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        writer.WriteBytesField(fieldId, bytes);
    }

    /// <summary>Reads a Guid.</summary>
    public static Guid ReadGuid(ref ValueReader reader, WireType wireType)
    {
        if (wireType == WireType.Null)
        {
            return Guid.Empty;
        }

        if (wireType != WireType.LengthPrefixed)
        {
            throw ValueReader.Mismatch(wireType, "a Guid");
        }

        var bytes = reader.ReadLengthPrefixed();
        if (bytes.Length != 16)
        {
            throw new SerializationException("A Guid must be 16 bytes.");
        }

        return new Guid(bytes);
    }

    /// <summary>Writes a TimeSpan as ticks.</summary>
    public static void WriteTimeSpan(ref ValueWriter writer, uint fieldId, TimeSpan value) => WriteInt64(ref writer, fieldId, value.Ticks);

    /// <summary>Reads a TimeSpan.</summary>
    public static TimeSpan ReadTimeSpan(ref ValueReader reader, WireType wireType) => new(reader.ReadInt64Value(wireType));

    /// <summary>Writes a DateTime with its kind.</summary>
    public static void WriteDateTime(ref ValueWriter writer, uint fieldId, DateTime value)
    {
        writer.WriteFieldHeader(fieldId, WireType.Fixed64);
        writer.WriteFixed64((ulong)value.ToBinary());
    }

    /// <summary>Reads a DateTime.</summary>
    public static DateTime ReadDateTime(ref ValueReader reader, WireType wireType) => wireType switch
    {
        WireType.Fixed64 => Narrow.ToDateTime((long)reader.ReadFixed64()),
        WireType.Null => default,
        _ => throw ValueReader.Mismatch(wireType, "a DateTime"),
    };

    /// <summary>Writes a DateTimeOffset as UTC ticks and offset minutes.</summary>
    public static void WriteDateTimeOffset(ref ValueWriter writer, uint fieldId, DateTimeOffset value)
    {
        writer.WriteStartObject(fieldId);
        WriteInt64(ref writer, 0, value.UtcTicks);
        WriteInt32(ref writer, 1, (int)value.Offset.TotalMinutes);
        writer.WriteEndObject();
    }

    /// <summary>Reads a DateTimeOffset.</summary>
    public static DateTimeOffset ReadDateTimeOffset(ref ValueReader reader, WireType wireType)
    {
        if (wireType == WireType.Null)
        {
            return default;
        }

        if (wireType != WireType.StartObject)
        {
            throw ValueReader.Mismatch(wireType, "a DateTimeOffset");
        }

        reader.EnterObject();
        long ticks = 0;
        var offsetMinutes = 0;
        while (reader.TryReadField(out var id, out var wt))
        {
            switch (id)
            {
                case 0:
                    ticks = reader.ReadInt64Value(wt);
                    break;
                case 1:
                    offsetMinutes = (int)reader.ReadInt64Value(wt);
                    break;
                default:
                    reader.SkipField(wt);
                    break;
            }
        }

        reader.LeaveObject();
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks || Math.Abs(offsetMinutes) > 14 * 60)
        {
            throw new SerializationException("A DateTimeOffset is out of range.");
        }

        try
        {
            return new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
        }
        catch (ArgumentException)
        {
            throw new SerializationException("A DateTimeOffset is out of range.");
        }
    }

    /// <summary>Writes a byte array (null allowed).</summary>
    public static void WriteByteArray(ref ValueWriter writer, uint fieldId, byte[]? value)
    {
        if (value is null)
        {
            writer.WriteNull(fieldId);
            return;
        }

        writer.WriteBytesField(fieldId, value);
    }

    /// <summary>Reads a byte array.</summary>
    public static byte[]? ReadByteArray(ref ValueReader reader, WireType wireType) => wireType switch
    {
        WireType.LengthPrefixed => reader.ReadLengthPrefixed().ToArray(),
        WireType.Null => null,
        _ => throw ValueReader.Mismatch(wireType, "a byte array"),
    };
}
