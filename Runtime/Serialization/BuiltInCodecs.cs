namespace OrleansBackend.Runtime.Serialization;

/// <summary>The codecs <see cref="TypeCodec{T}"/> knows without generated code.</summary>
internal static class BuiltInCodecs
{
    private static readonly Dictionary<Type, (Delegate Write, Delegate Read)> Codecs = new()
    {
        [typeof(string)] = (new FieldWriter<string?>(PrimitiveCodecs.WriteString), new FieldReader<string?>(PrimitiveCodecs.ReadString)),
        [typeof(bool)] = (new FieldWriter<bool>(PrimitiveCodecs.WriteBoolean), new FieldReader<bool>(PrimitiveCodecs.ReadBoolean)),
        [typeof(int)] = (new FieldWriter<int>(PrimitiveCodecs.WriteInt32), new FieldReader<int>(PrimitiveCodecs.ReadInt32)),
        [typeof(long)] = (new FieldWriter<long>(PrimitiveCodecs.WriteInt64), new FieldReader<long>(PrimitiveCodecs.ReadInt64)),
        [typeof(uint)] = (new FieldWriter<uint>(PrimitiveCodecs.WriteUInt32), new FieldReader<uint>(PrimitiveCodecs.ReadUInt32)),
        [typeof(ulong)] = (new FieldWriter<ulong>(PrimitiveCodecs.WriteUInt64), new FieldReader<ulong>(PrimitiveCodecs.ReadUInt64)),
        [typeof(double)] = (new FieldWriter<double>(PrimitiveCodecs.WriteDouble), new FieldReader<double>(PrimitiveCodecs.ReadDouble)),
        [typeof(decimal)] = (new FieldWriter<decimal>(PrimitiveCodecs.WriteDecimal), new FieldReader<decimal>(PrimitiveCodecs.ReadDecimal)),
        [typeof(Guid)] = (new FieldWriter<Guid>(PrimitiveCodecs.WriteGuid), new FieldReader<Guid>(PrimitiveCodecs.ReadGuid)),
        [typeof(DateTime)] = (new FieldWriter<DateTime>(PrimitiveCodecs.WriteDateTime), new FieldReader<DateTime>(PrimitiveCodecs.ReadDateTime)),
        [typeof(DateTimeOffset)] = (new FieldWriter<DateTimeOffset>(PrimitiveCodecs.WriteDateTimeOffset), new FieldReader<DateTimeOffset>(PrimitiveCodecs.ReadDateTimeOffset)),
        [typeof(TimeSpan)] = (new FieldWriter<TimeSpan>(PrimitiveCodecs.WriteTimeSpan), new FieldReader<TimeSpan>(PrimitiveCodecs.ReadTimeSpan)),
        [typeof(byte[])] = (new FieldWriter<byte[]?>(PrimitiveCodecs.WriteByteArray), new FieldReader<byte[]?>(PrimitiveCodecs.ReadByteArray)),
    };

    public static bool TryGet<T>(out FieldWriter<T>? write, out FieldReader<T>? read)
    {
        if (Codecs.TryGetValue(typeof(T), out var pair))
        {
            write = (FieldWriter<T>)pair.Write;
            read = (FieldReader<T>)pair.Read;
            return true;
        }

        write = null;
        read = null;
        return false;
    }
}
