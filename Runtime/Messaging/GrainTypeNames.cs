using System.Text;

namespace OrleansBackend.Runtime.Messaging;

/// <summary>
/// Turns the UTF-8 grain type names of incoming messages into the runtime's own string instances without
/// allocating for known types (a handful per application, so a linear scan beats hashing).
/// </summary>
internal sealed class GrainTypeNames
{
    private readonly (byte[] Utf8, string Name)[] _known;

    public GrainTypeNames(IEnumerable<string> grainTypes)
    {
        _known = [.. grainTypes.Select(t => (Encoding.UTF8.GetBytes(t), t))];
    }

    public string Get(ReadOnlySpan<byte> utf8)
    {
        foreach (var (bytes, name) in _known)
        {
            if (utf8.SequenceEqual(bytes))
            {
                return name;
            }
        }

        return Encoding.UTF8.GetString(utf8);
    }
}
