using OrleansBackend.Runtime.Activation;
using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Invocation;
using OrleansBackend.Runtime.Serialization;

namespace OrleansBackend.Runtime.Metadata;

/// <summary>Collects what generated manifests register; <see cref="Build"/> turns it into a <see cref="GrainManifest"/>.</summary>
public sealed class GrainManifestBuilder
{
    private readonly Dictionary<Type, GrainInterfaceInfo> _interfaces = [];
    private readonly Dictionary<ulong, Func<RequestBase>> _methods = [];
    private readonly Dictionary<Type, GrainClassInfo> _classes = [];

    /// <summary>Registers a grain interface and its reference factory.</summary>
    public void AddGrainInterface(Type interfaceType, uint interfaceId, Func<GrainId, GrainCallInvoker, GrainReference> createReference) =>
        _interfaces.TryAdd(interfaceType, new GrainInterfaceInfo(interfaceType, interfaceId, createReference));

    /// <summary>Registers the request factory of one interface method.</summary>
    public void AddMethod(uint interfaceId, uint methodId, Func<RequestBase> createRequest) =>
        _methods.TryAdd(GrainManifest.MethodKey(interfaceId, methodId), createRequest);

    /// <summary>Registers a grain class with the grain interfaces it implements and its activator.</summary>
    public void AddGrainClass(Type grainClass, Type[] grainInterfaces, Func<IGrainActivationContext, Grain> create) =>
        _classes.TryAdd(grainClass, new GrainClassInfo(grainClass, grainInterfaces, create));

    /// <summary>Registers the serializer of a type so that storage and streams can find it by type.</summary>
    public void AddSerializer<T>(FieldWriter<T> write, FieldReader<T> read) => TypeCodec<T>.Register(write, read);

    /// <summary>Builds the manifest; fails when two classes claim one grain type.</summary>
    public GrainManifest Build() => new(_interfaces, _methods, _classes.Values);
}
