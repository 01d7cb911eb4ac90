using System.Reflection;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Metadata;

namespace OrleansBackend.Runtime.Streams.Core;

/// <summary>
/// Which grain types subscribe implicitly to which stream namespaces, read once from the grain classes'
/// <see cref="ImplicitStreamSubscriptionAttribute"/>s at start-up.
/// </summary>
internal sealed class ImplicitSubscriptionTable
{
    private readonly Dictionary<string, string[]> _grainTypesByNamespace = new(StringComparer.Ordinal);
    private readonly HashSet<(string GrainType, string Namespace)> _pairs = [];

    public ImplicitSubscriptionTable(GrainManifest manifest)
    {
        var byNamespace = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (grainType, grainClass) in manifest.GrainClasses)
        {
            foreach (var attribute in grainClass.GrainClass.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>())
            {
                if (_pairs.Add((grainType, attribute.Namespace)))
                {
                    if (!byNamespace.TryGetValue(attribute.Namespace, out var list))
                    {
                        byNamespace[attribute.Namespace] = list = [];
                    }

                    list.Add(grainType);
                }
            }
        }

        foreach (var (ns, types) in byNamespace)
        {
            types.Sort(StringComparer.Ordinal);
            _grainTypesByNamespace[ns] = [.. types];
        }
    }

    /// <summary>The grain types subscribed to <paramref name="streamNamespace"/> (empty when none).</summary>
    public string[] GetGrainTypes(string streamNamespace) =>
        _grainTypesByNamespace.TryGetValue(streamNamespace, out var types) ? types : [];

    /// <summary>True when grain <paramref name="grainId"/> is the implicit subscriber of <paramref name="stream"/>.</summary>
    public bool IsImplicitSubscriber(GrainId grainId, StreamId stream) =>
        string.Equals(grainId.Key, stream.Key, StringComparison.Ordinal) && _pairs.Contains((grainId.Type, stream.Namespace));

    /// <summary>The id of the implicit subscription of grain type <paramref name="grainType"/> to a namespace: the same everywhere.</summary>
    public static Guid SubscriptionId(string grainType, string streamNamespace)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, StableHash.Of(grainType, streamNamespace));
        BitConverter.TryWriteBytes(bytes[8..], StableHash.Of(streamNamespace, grainType));
        return new Guid(bytes);
    }
}
