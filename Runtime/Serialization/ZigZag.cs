namespace OrleansBackend.Runtime.Serialization;

/// <summary>Zig-zag mapping so that small negative numbers stay short as varints.</summary>
public static class ZigZag
{
    /// <summary>Maps a signed value to an unsigned one (0, -1, 1, -2 … become 0, 1, 2, 3 …).</summary>
    public static ulong Encode(long value) => (ulong)((value << 1) ^ (value >> 63));

    /// <summary>Inverse of <see cref="Encode"/>.</summary>
    public static long Decode(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}
