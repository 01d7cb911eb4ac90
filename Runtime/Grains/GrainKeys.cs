using System.Globalization;

namespace OrleansBackend.Runtime.Grains;

/// <summary>How typed keys become the string keys of <see cref="GrainId"/>.</summary>
public static class GrainKeys
{
    /// <summary>The key string of a Guid key.</summary>
    public static string FromGuid(Guid key) => key.ToString("N");

    /// <summary>The key string of an integer key.</summary>
    public static string FromInteger(long key) => key.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a Guid key back.</summary>
    public static Guid ToGuid(string key) =>
        Guid.TryParseExact(key, "N", out var value)
            ? value
            : throw new InvalidOperationException($"The grain key '{key}' is not a Guid key.");

    /// <summary>Reads an integer key back.</summary>
    public static long ToInteger(string key) =>
        long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"The grain key '{key}' is not an integer key.");
}
