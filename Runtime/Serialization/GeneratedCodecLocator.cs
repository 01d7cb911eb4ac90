using System.Reflection;
using System.Text;

namespace OrleansBackend.Runtime.Serialization;

/// <summary>
/// Finds the generated codec of a [GenerateSerializer] type by its deterministic class name, so that a codec is
/// available even before any manifest was loaded. Runs once per type (from <see cref="TypeCodec{T}"/>'s static
/// constructor), never per call.
/// </summary>
internal static class GeneratedCodecLocator
{
    public static bool TryFind<T>(out FieldWriter<T>? write, out FieldReader<T>? read)
    {
        write = null;
        read = null;
        var type = typeof(T);
        if (type.FullName is null || type.IsGenericType || !type.IsDefined(typeof(GenerateSerializerAttribute), inherit: false))
        {
            return false;
        }

        var codec = type.Assembly.GetType("OrleansBackend.Generated.Codec_" + Mangle(type.FullName));
        var writeMethod = codec?.GetMethod("Write", BindingFlags.Public | BindingFlags.Static);
        var readMethod = codec?.GetMethod("Read", BindingFlags.Public | BindingFlags.Static);
        if (writeMethod is null || readMethod is null)
        {
            return false;
        }

        write = writeMethod.CreateDelegate<FieldWriter<T>>();
        read = readMethod.CreateDelegate<FieldReader<T>>();
        return true;
    }

    /// <summary>The generator's name mangling: every character that is not a letter or digit becomes '_'.</summary>
    private static string Mangle(string fullName)
    {
        var builder = new StringBuilder(fullName.Length);
        foreach (var c in fullName)
        {
            builder.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return builder.ToString();
    }
}
