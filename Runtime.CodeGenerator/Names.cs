namespace OrleansBackend.Runtime.CodeGenerator;

/// <summary>The runtime's types as generated code names them.</summary>
internal static class Names
{
    public const string Serialization = "global::OrleansBackend.Runtime.Serialization.";
    public const string Writer = Serialization + "ValueWriter";
    public const string Reader = Serialization + "ValueReader";
    public const string WireType = Serialization + "WireType";
    public const string Primitive = Serialization + "PrimitiveCodecs.";
    public const string Collection = Serialization + "CollectionCodecs.";
    public const string ExceptionCodec = Serialization + "ExceptionCodec.";
    public const string GrainReferenceCodec = Serialization + "GrainReferenceCodec.";
    public const string Invocation = "global::OrleansBackend.Runtime.Invocation.";
    public const string Generated = "global::OrleansBackend.Generated.";

    public const string GrainBaseMetadata = "OrleansBackend.Runtime.Grains.Grain";
    public const string GrainMarker = "OrleansBackend.Runtime.Grains.IGrain";
    public const string GrainExtensionMarker = "OrleansBackend.Runtime.Grains.IGrainExtension";
    public const string AddressableMarker = "OrleansBackend.Runtime.Grains.IAddressable";
    public const string GenerateSerializerAttribute = "OrleansBackend.Runtime.Serialization.GenerateSerializerAttribute";
    public const string IdAttribute = "OrleansBackend.Runtime.Serialization.IdAttribute";
    public const string PersistentStateAttribute = "OrleansBackend.Runtime.Persistence.PersistentStateAttribute";
    public const string PersistentStateInterface = "OrleansBackend.Runtime.Persistence.IPersistentState<TState>";
    public const string AlwaysInterleaveAttribute = "OrleansBackend.Runtime.Grains.AlwaysInterleaveAttribute";
    public const string ReadOnlyAttribute = "OrleansBackend.Runtime.Grains.ReadOnlyAttribute";
    public const string OneWayAttribute = "OrleansBackend.Runtime.Grains.OneWayAttribute";
    public const string VoidResult = "global::OrleansBackend.Runtime.Invocation.VoidResult";

    public static readonly string[] MarkerInterfaces =
    {
        "OrleansBackend.Runtime.Grains.IAddressable",
        "OrleansBackend.Runtime.Grains.IGrain",
        "OrleansBackend.Runtime.Grains.IGrainWithStringKey",
        "OrleansBackend.Runtime.Grains.IGrainWithGuidKey",
        "OrleansBackend.Runtime.Grains.IGrainWithIntegerKey",
        "OrleansBackend.Runtime.Grains.IGrainExtension",
    };
}
