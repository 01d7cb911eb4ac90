using System.Text;

namespace OrleansBackend.Runtime.CodeGenerator;

/// <summary>Stable wire ids and identifier-safe names, computed the same way in every compilation.</summary>
internal static class StableIds
{
    /// <summary>FNV-1a, 32 bits, over the UTF-8 bytes of <paramref name="value"/>; never 0.</summary>
    public static uint Hash(string value)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash ^= b;
            hash *= 16777619u;
        }

        return hash == 0 ? 1u : hash;
    }

    /// <summary>A C# identifier made from a type's metadata name (dots and pluses become underscores).</summary>
    public static string Mangle(string fullName)
    {
        var builder = new StringBuilder(fullName.Length);
        foreach (var c in fullName)
        {
            builder.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return builder.ToString();
    }
}
