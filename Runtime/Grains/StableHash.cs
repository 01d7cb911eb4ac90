using System.Runtime.InteropServices;

namespace OrleansBackend.Runtime.Grains;

/// <summary>A 64-bit hash of strings that does not change between processes (unlike <see cref="string.GetHashCode()"/>).</summary>
public static class StableHash
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;

    /// <summary>Hashes a pair of strings.</summary>
    public static ulong Of(string first, string second)
    {
        var h = Mix(0x27D4EB2F165667C5UL, first);
        h = (h ^ 0x2F) * Prime1;
        return Finish(Mix(h, second));
    }

    /// <summary>Hashes one string.</summary>
    public static ulong Of(string value) => Finish(Mix(0x27D4EB2F165667C5UL, value));

    /// <summary>Combines two hashes into one well-mixed value (used to rank silos for a grain).</summary>
    public static ulong Combine(ulong a, ulong b) => Finish((a * Prime1) ^ (b + Prime2 + (a << 6) + (a >> 2)));

    private static ulong Mix(ulong h, string value)
    {
        var bytes = MemoryMarshal.AsBytes(value.AsSpan());
        while (bytes.Length >= 8)
        {
            h ^= MemoryMarshal.Read<ulong>(bytes) * Prime2;
            h = ((h << 31) | (h >> 33)) * Prime1;
            bytes = bytes[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            tail |= (ulong)bytes[i] << (8 * i);
        }

        h ^= (tail + (ulong)value.Length) * Prime2;
        return ((h << 27) | (h >> 37)) * Prime1;
    }

    private static ulong Finish(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }
}
