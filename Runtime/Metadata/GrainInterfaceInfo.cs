using OrleansBackend.Runtime.Grains;
using OrleansBackend.Runtime.Invocation;

namespace OrleansBackend.Runtime.Metadata;

/// <summary>A grain interface as the runtime sees it: its wire id and how to create references to it.</summary>
public sealed class GrainInterfaceInfo
{
    internal GrainInterfaceInfo(Type interfaceType, uint interfaceId, Func<GrainId, GrainCallInvoker, GrainReference> createReference)
    {
        InterfaceType = interfaceType;
        InterfaceId = interfaceId;
        CreateReference = createReference;
    }

    /// <summary>The interface.</summary>
    public Type InterfaceType { get; }

    /// <summary>A stable hash of the interface's full name.</summary>
    public uint InterfaceId { get; }

    /// <summary>The generated reference factory.</summary>
    public Func<GrainId, GrainCallInvoker, GrainReference> CreateReference { get; }
}
