using OrleansBackend.Runtime.Grains;

namespace OrleansBackend.Runtime.Serialization;

/// <summary>What a deserializer needs from the runtime it runs in: a way to rebuild grain references.</summary>
public interface ISerializationContext
{
    /// <summary>Creates a reference of interface <typeparamref name="TInterface"/> to the grain <paramref name="grainId"/>.</summary>
    TInterface GetGrainReference<TInterface>(GrainId grainId)
        where TInterface : IAddressable;
}
