using System.Security.Cryptography;
using System.Text;

namespace OrleansBackend.Grains.Interfaces;

/// <summary>
/// Opaque resource ids: a type prefix and 26 lower-case base32 characters (128 random bits), e.g. <c>acc_…</c>.
/// The prefix lets anyone see what an id names; the rest carries no meaning.
/// </summary>
public static class ResourceIds
{
    /// <summary>Users.</summary>
    public const string UserPrefix = "usr_";

    /// <summary>Accounts.</summary>
    public const string AccountPrefix = "acc_";

    /// <summary>Sessions.</summary>
    public const string SessionPrefix = "ses_";

    /// <summary>Transfers.</summary>
    public const string TransferPrefix = "trf_";

    /// <summary>Ledger entries.</summary>
    public const string EntryPrefix = "ent_";

    /// <summary>Characters after the prefix.</summary>
    public const int BodyLength = 26;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new random id with <paramref name="prefix"/>.</summary>
    public static string New(string prefix)
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return Encode(prefix, random);
    }

    /// <summary>An id with <paramref name="prefix"/> derived from <paramref name="seed"/> (same seed, same id).</summary>
    public static string Derive(string prefix, string seed)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(seed), hash);
        return Encode(prefix, hash[..16]);
    }

    /// <summary>True when <paramref name="id"/> has the prefix and the shape of an id this service hands out.</summary>
    public static bool IsWellFormed(string? id, string prefix)
    {
        if (id is null || id.Length != prefix.Length + BodyLength || !id.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in id.AsSpan(prefix.Length))
        {
            if (!(c is >= 'a' and <= 'z' || c is >= '2' and <= '7'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Encode(string prefix, ReadOnlySpan<byte> bytes)
    {
        // 128 bits in 26 base32 digits (the last one carries 3 bits).
        Span<char> chars = stackalloc char[prefix.Length + BodyLength];
        prefix.AsSpan().CopyTo(chars);
        var buffer = 0;
        var bits = 0;
        var position = prefix.Length;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[position++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            chars[position++] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars[..position]);
    }
}
