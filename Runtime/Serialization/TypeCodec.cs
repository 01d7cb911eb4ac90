namespace OrleansBackend.Runtime.Serialization;

/// <summary>
/// The codec of a type, found by type at run time (storage and streams know only <typeparamref name="T"/>).
/// Generated serializers register here when their assembly's manifest loads; built-in types are always present.
/// </summary>
public static class TypeCodec<T>
{
    private static FieldWriter<T>? _write;
    private static FieldReader<T>? _read;

    static TypeCodec()
    {
        if (BuiltInCodecs.TryGet<T>(out var write, out var read) || GeneratedCodecLocator.TryFind(out write, out read))
        {
            _write = write;
            _read = read;
        }
    }

    /// <summary>True when a codec is known for <typeparamref name="T"/>.</summary>
    public static bool IsRegistered => _write is not null;

    /// <summary>Writes a value.</summary>
    public static FieldWriter<T> Write => _write ?? throw Missing();

    /// <summary>Reads a value.</summary>
    public static FieldReader<T> Read => _read ?? throw Missing();

    /// <summary>Registers the codec (called by generated manifests).</summary>
    public static void Register(FieldWriter<T> write, FieldReader<T> read)
    {
        _write = write;
        _read = read;
    }

    private static InvalidOperationException Missing() =>
        new($"{typeof(T).FullName} has no serializer: mark it [GenerateSerializer] with [Id(n)] members, in an assembly that references the code generator.");
}
