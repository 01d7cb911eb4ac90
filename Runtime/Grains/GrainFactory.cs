using System.Collections.Concurrent;
using OrleansBackend.Runtime.Invocation;
using OrleansBackend.Runtime.Metadata;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Grains;

/// <summary>Creates grain references from the manifest's generated factories; no I/O.</summary>
internal sealed class GrainFactory : IGrainFactory, ISerializationContext
{
    private readonly GrainManifest _manifest;
    private readonly GrainCallInvoker _invoker;
    private readonly ConcurrentDictionary<Type, Binding> _bindings = new();

    public GrainFactory(GrainManifest manifest, GrainCallInvoker invoker)
    {
        _manifest = manifest;
        _invoker = invoker;
    }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        return Create<TGrainInterface>(primaryKey);
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey => Create<TGrainInterface>(GrainKeys.FromGuid(primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey)
        where TGrainInterface : IGrainWithIntegerKey => Create<TGrainInterface>(GrainKeys.FromInteger(primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable =>
        (TGrainInterface)(object)_manifest.GetInterface(typeof(TGrainInterface)).CreateReference(grainId, _invoker);

    public TInterface GetGrainReference<TInterface>(GrainId grainId)
        where TInterface : IAddressable => GetGrain<TInterface>(grainId);

    private TGrainInterface Create<TGrainInterface>(string key)
    {
        var binding = GetBinding(typeof(TGrainInterface));
        return (TGrainInterface)(object)binding.Interface.CreateReference(new GrainId(binding.GrainType, key), _invoker);
    }

    private Binding GetBinding(Type interfaceType)
    {
        if (_bindings.TryGetValue(interfaceType, out var binding))
        {
            return binding;
        }

        binding = new Binding(_manifest.GetInterface(interfaceType), _manifest.GetGrainType(interfaceType));
        return _bindings.GetOrAdd(interfaceType, binding);
    }

    private sealed record Binding(GrainInterfaceInfo Interface, string GrainType);
}
